"""Figures of spec/demo-data.md that several test modules check."""

# Northwind's contracted unit prices (explicit SEG-PRO and ADD-ATT, else list less 20 %).
NORTHWIND_PRICES = {
    "SEG-ESS": "1.60",
    "SEG-PRO": "2.50",
    "SEG-ENT": "4.00",
    "ARC-STD": "1.20",
    "ARC-10Y": "1.80",
    "CONT-STD": "0.80",
    "ADD-URL": "0.48",
    "ADD-ATT": "0.55",
    "ADD-IMP": "0.40",
    "ADD-DLP": "0.56",
    "ADD-LFS": "0.24",
    "ADD-SAT": "0.96",
    "ADD-SYNC": "0.32",
}
