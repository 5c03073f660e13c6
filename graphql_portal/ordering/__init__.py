"""The change-order domain: contracted prices, the rules, review and submit."""
