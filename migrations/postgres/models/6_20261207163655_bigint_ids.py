from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # Written by hand from aerich's output: one ALTER TABLE per table, so each table is rewritten
    # once (not once per column), and each SERIAL's sequence made BIGINT too (it stays INTEGER,
    # capped at 2**31-1, when only its column changes).
    return """
ALTER TABLE "addon_attachability"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "addon_id" TYPE BIGINT,
    ALTER COLUMN "primary_id" TYPE BIGINT;
ALTER SEQUENCE "addon_attachability_id_seq" AS BIGINT;
ALTER TABLE "agreement"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "partner_id" TYPE BIGINT;
ALTER SEQUENCE "agreement_id_seq" AS BIGINT;
ALTER TABLE "api_token"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "user_id" TYPE BIGINT;
ALTER SEQUENCE "api_token_id_seq" AS BIGINT;
ALTER TABLE "attachment"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "customer_id" TYPE BIGINT,
    ALTER COLUMN "order_id" TYPE BIGINT;
ALTER SEQUENCE "attachment_id_seq" AS BIGINT;
ALTER TABLE "auth_session"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "staff_id" TYPE BIGINT,
    ALTER COLUMN "user_id" TYPE BIGINT;
ALTER SEQUENCE "auth_session_id_seq" AS BIGINT;
ALTER TABLE "change_order"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "customer_id" TYPE BIGINT,
    ALTER COLUMN "submitted_by_id" TYPE BIGINT,
    ALTER COLUMN "review_id" TYPE BIGINT,
    ALTER COLUMN "implementation_lead_id" TYPE BIGINT,
    ALTER COLUMN "partner_id" TYPE BIGINT;
ALTER SEQUENCE "change_order_id_seq" AS BIGINT;
ALTER TABLE "contracted_price"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "agreement_id" TYPE BIGINT,
    ALTER COLUMN "product_id" TYPE BIGINT;
ALTER SEQUENCE "contracted_price_id_seq" AS BIGINT;
ALTER TABLE "customer"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "implementation_lead_id" TYPE BIGINT,
    ALTER COLUMN "partner_id" TYPE BIGINT;
ALTER SEQUENCE "customer_id_seq" AS BIGINT;
ALTER TABLE "customer_product"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "customer_id" TYPE BIGINT,
    ALTER COLUMN "product_id" TYPE BIGINT;
ALTER SEQUENCE "customer_product_id_seq" AS BIGINT;
ALTER TABLE "delivery"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "order_id" TYPE BIGINT;
ALTER SEQUENCE "delivery_id_seq" AS BIGINT;
ALTER TABLE "enabled_addon"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "agreement_id" TYPE BIGINT,
    ALTER COLUMN "product_id" TYPE BIGINT;
ALTER SEQUENCE "enabled_addon_id_seq" AS BIGINT;
ALTER TABLE "invitation"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "user_id" TYPE BIGINT;
ALTER SEQUENCE "invitation_id_seq" AS BIGINT;
ALTER TABLE "job"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "order_id" TYPE BIGINT;
ALTER SEQUENCE "job_id_seq" AS BIGINT;
ALTER TABLE "partner"
    ALTER COLUMN "id" TYPE BIGINT;
ALTER SEQUENCE "partner_id_seq" AS BIGINT;
ALTER TABLE "partner_user"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "partner_id" TYPE BIGINT;
ALTER SEQUENCE "partner_user_id_seq" AS BIGINT;
ALTER TABLE "price_list_item"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "version_id" TYPE BIGINT,
    ALTER COLUMN "product_id" TYPE BIGINT;
ALTER SEQUENCE "price_list_item_id_seq" AS BIGINT;
ALTER TABLE "price_list_version"
    ALTER COLUMN "id" TYPE BIGINT;
ALTER SEQUENCE "price_list_version_id_seq" AS BIGINT;
ALTER TABLE "product"
    ALTER COLUMN "id" TYPE BIGINT;
ALTER SEQUENCE "product_id_seq" AS BIGINT;
ALTER TABLE "product_beside"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "other_id" TYPE BIGINT,
    ALTER COLUMN "product_id" TYPE BIGINT;
ALTER SEQUENCE "product_beside_id_seq" AS BIGINT;
ALTER TABLE "product_switch"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "source_id" TYPE BIGINT,
    ALTER COLUMN "target_id" TYPE BIGINT;
ALTER SEQUENCE "product_switch_id_seq" AS BIGINT;
ALTER TABLE "review"
    ALTER COLUMN "id" TYPE BIGINT,
    ALTER COLUMN "customer_id" TYPE BIGINT,
    ALTER COLUMN "implementation_lead_id" TYPE BIGINT,
    ALTER COLUMN "price_list_version_id" TYPE BIGINT,
    ALTER COLUMN "created_by_id" TYPE BIGINT,
    ALTER COLUMN "partner_id" TYPE BIGINT;
ALTER SEQUENCE "review_id_seq" AS BIGINT;
ALTER TABLE "staff_user"
    ALTER COLUMN "id" TYPE BIGINT;
ALTER SEQUENCE "staff_user_id_seq" AS BIGINT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
ALTER TABLE "addon_attachability"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "addon_id" TYPE INT,
    ALTER COLUMN "primary_id" TYPE INT;
ALTER SEQUENCE "addon_attachability_id_seq" AS INT;
ALTER TABLE "agreement"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "partner_id" TYPE INT;
ALTER SEQUENCE "agreement_id_seq" AS INT;
ALTER TABLE "api_token"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "user_id" TYPE INT;
ALTER SEQUENCE "api_token_id_seq" AS INT;
ALTER TABLE "attachment"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "customer_id" TYPE INT,
    ALTER COLUMN "order_id" TYPE INT;
ALTER SEQUENCE "attachment_id_seq" AS INT;
ALTER TABLE "auth_session"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "staff_id" TYPE INT,
    ALTER COLUMN "user_id" TYPE INT;
ALTER SEQUENCE "auth_session_id_seq" AS INT;
ALTER TABLE "change_order"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "customer_id" TYPE INT,
    ALTER COLUMN "submitted_by_id" TYPE INT,
    ALTER COLUMN "review_id" TYPE INT,
    ALTER COLUMN "implementation_lead_id" TYPE INT,
    ALTER COLUMN "partner_id" TYPE INT;
ALTER SEQUENCE "change_order_id_seq" AS INT;
ALTER TABLE "contracted_price"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "agreement_id" TYPE INT,
    ALTER COLUMN "product_id" TYPE INT;
ALTER SEQUENCE "contracted_price_id_seq" AS INT;
ALTER TABLE "customer"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "implementation_lead_id" TYPE INT,
    ALTER COLUMN "partner_id" TYPE INT;
ALTER SEQUENCE "customer_id_seq" AS INT;
ALTER TABLE "customer_product"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "customer_id" TYPE INT,
    ALTER COLUMN "product_id" TYPE INT;
ALTER SEQUENCE "customer_product_id_seq" AS INT;
ALTER TABLE "delivery"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "order_id" TYPE INT;
ALTER SEQUENCE "delivery_id_seq" AS INT;
ALTER TABLE "enabled_addon"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "agreement_id" TYPE INT,
    ALTER COLUMN "product_id" TYPE INT;
ALTER SEQUENCE "enabled_addon_id_seq" AS INT;
ALTER TABLE "invitation"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "user_id" TYPE INT;
ALTER SEQUENCE "invitation_id_seq" AS INT;
ALTER TABLE "job"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "order_id" TYPE INT;
ALTER SEQUENCE "job_id_seq" AS INT;
ALTER TABLE "partner"
    ALTER COLUMN "id" TYPE INT;
ALTER SEQUENCE "partner_id_seq" AS INT;
ALTER TABLE "partner_user"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "partner_id" TYPE INT;
ALTER SEQUENCE "partner_user_id_seq" AS INT;
ALTER TABLE "price_list_item"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "version_id" TYPE INT,
    ALTER COLUMN "product_id" TYPE INT;
ALTER SEQUENCE "price_list_item_id_seq" AS INT;
ALTER TABLE "price_list_version"
    ALTER COLUMN "id" TYPE INT;
ALTER SEQUENCE "price_list_version_id_seq" AS INT;
ALTER TABLE "product"
    ALTER COLUMN "id" TYPE INT;
ALTER SEQUENCE "product_id_seq" AS INT;
ALTER TABLE "product_beside"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "other_id" TYPE INT,
    ALTER COLUMN "product_id" TYPE INT;
ALTER SEQUENCE "product_beside_id_seq" AS INT;
ALTER TABLE "product_switch"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "source_id" TYPE INT,
    ALTER COLUMN "target_id" TYPE INT;
ALTER SEQUENCE "product_switch_id_seq" AS INT;
ALTER TABLE "review"
    ALTER COLUMN "id" TYPE INT,
    ALTER COLUMN "customer_id" TYPE INT,
    ALTER COLUMN "implementation_lead_id" TYPE INT,
    ALTER COLUMN "price_list_version_id" TYPE INT,
    ALTER COLUMN "created_by_id" TYPE INT,
    ALTER COLUMN "partner_id" TYPE INT;
ALTER SEQUENCE "review_id_seq" AS INT;
ALTER TABLE "staff_user"
    ALTER COLUMN "id" TYPE INT;
ALTER SEQUENCE "staff_user_id_seq" AS INT;"""


MODELS_STATE = (
    "eJztXe1z2sbW/1d2+FJnhrg2jtM8TqczxCYtrY0zNk7bGzpikRaztVhxtSIO997+78+elQ"
    "R6RwIZC3m/2CDtORK/sy/nbc/+tzG1DGLyw7ZhWKztOFif4BE1qbNonKH/NhieEvEho1UT"
    "NfBstmoDFxw8MiUZhvYajhGMuGNj3RFNxtjkRFwyCNdtOnOoxYCwPyFIEL+2GBpKJkOkY4"
    "ZG4qpkRgzkWMgRrWY2nWJ7gYbeh+EhPMGwdPEIyu7LYDZn9N9zojnWPRGNbMHyyxf3p8Fd"
    "r2njr7/EF8oM8o1waAJfZw/amBLTCGFJDSCT1zVnMZPXPtD7LnM+yrbw+iNNt8z5lK3azx"
    "bORGDpE1DmwNV7woiNHQJPcOw5IMnmpunh74Pr/oBVE/ctAzQGGeO5CfIAavcFVtcamta7"
    "7mu3nb6mNWKy8ikCiHuXdIuBnMWrcgnAPbzC6/9rtU5Ofmgdnbx9d/rmhx9O3x29E23l+8"
    "Zv/fCP+zIrtFxWErPuz91eH17IEp3J7XBw4R9Jgx3sUklhrNB3u2RRGQSp1kvCxz1LFP6F"
    "lSxWQ6FmwliB742VwvCH6ZQACgkAJqLxQ/pgiIvio2UTes9+Iwspjq54ccx0koC9ty58si"
    "1jru+jGP7xu5p/dTUp2vhxOXuHJgDxQfxq4kgEztu35+2LTiOpnytkcyAbHtvJ2EIXHmH9"
    "4RHbhhbqy3DHalmRK8u28VvT1jR6BTN8L/GBHwKv7Ws79zYhUyLfPK4KLW9ma0ChZrn0ni"
    "nmDrERJ/ZXqhOOliwQZYiMx0R30NiyEUYzbDuiTyRrPMXZDNiADW3ylXIKOtK9bT1yJJQm"
    "8pUInUhocOye+JrSklsTUYcjIWX5y4QqJeQJjxOc4QZhgIQxYK4CxpuIW+KR8BTyKN7RIG"
    "gu+qd4DYYsEz74L4AoF591655RLthijsRYMUmaRqa0r6qsN1na15RjzSZjYhNv1gsL4nyC"
    "7WQxxAgjEhE/dQ/nSDH3fNNMwu6difj69k0G3p/bN+e/tG8O3r55FQa9591pyVthfUuf2w"
    "BYwkKUjnSQpoYgn+TA+CQV4pMowt7bagblujVnjjYjtu5N92HEL4guFjozGfQsNhEhGC6f"
    "Q4/fHgokQwIXnfPuVfvy4LTZkjLg/zapqwv4snlzFBWBv2DEIU+d1IMku7Mmjp92am8dv/"
    "nhzbuTt2+WM/ryStZEHrfS5jMDfrmGk3qxuOPQKUnGNUwZ7bge6aH/YQ+7rug52Lhm5sJb"
    "vTNw7XevOrf99tUneNyUi54s8Wv3O3CnJa8uIlcP3kZmniUT9Hu3/wuCr+hf172OhNfijt"
    "DCeKhd/19giTTw3LE0Zj1qQu0KYORfXr19wGZxtcDitnmIrpzR9EI0pZhlnm7nBNb0paqt"
    "uap2grg8Fh9/uyEmdpInOs+OOV+y+wTc9nBMphmaod7t2SGatOO3hKzj8mr7zpO64BW3pW"
    "OzQxy4a0b6lviT15+x4rNXk0Jub0ZoNszhzdjOQzGjfeuBsEaSg8K/18z0T8yoMKP9Zmv9"
    "E7D0Sfv/9pf269bpW2SN5VdOdJs4YLI/kJnzHgIoZEy/DRE1hBZLxc/hiLr+BqF7WbocYX"
    "G/RfnslaegwutfM8NT4Eq4iOG6oijHbH1eIYSM1uO3OazW46jyuDJb4VZYx5djXptgPikC"
    "cZiqdjCX74B5ED8rGeAOm09ja2YIbJ+2yk6Yxqf2Tb/XudHubjs3Zyj4bcBuOufXvfPuZb"
    "fd7173zlD4e3Tyf55xIP8XGAF++yoLZcPe3zo6yoGuaJUKr7wX8UAKg3kzX0KYUvkSquJL"
    "8KbngCtBohZ1yYmVYhOphylLkLr3ulUR+p4IOcFhFJeyibmjzflGco7SKklXWdJCUMUdgw"
    "GijbyCFZNnJRJ2ANO4FIpnlbheijueyxNTMUHkdcUE+l+lskpkzmlqWsnqbjPTbxNut9Zx"
    "MzywbIPYTQRWxashuFJceboJGQzJ20iYdshiMl2WMGM+RRPrEdI/kDV2CAMfi8zKgIwNYs"
    "T9N0/yFJmWwh3Rx4eI4wVHjxNxXfqFRguHcGTSr+QMDcGVMMJctDqgzP06fNWERBRoendz"
    "Cd4keIfR35D7IjkO2MFwTE1y9v33349l/smwiYb8RHwfzfUH4nzveZpeoUfqTCQnl/47jo"
    "buJ+2BLIaQVEOdpvdYaCfemkxnzuJQ8KP/EW+FmSE+TnDr9O0QueIZBX+G/FmAgri0QNgW"
    "oAGJm30DuiLSJ0R/4HB/mp6YLCGGu9J+jGYlf2noc/HLp26TsI5NvebKG1Y5b1jt/Qjti4"
    "tO7+Lu6gz5nwbs4vr87qrT658h/1M1fAYwYRT1GwRpqiyITX0Hp6d5fAenp+m+A7gX8R1Y"
    "TCwHjgtUAayjdDXE+ziXr+Y4w1dzHPfVwDIVxzl1hveb1ykdv7QcGnedL9JrVxQ17K/le9"
    "ZhqUzSSBi2Fyk5dh5FBF6pfO0hwFk6xuX1h5BrQeD4odtr3/x5cNX+41XIv3B53fvZbx90"
    "G3z4s99pRzs1qMyF+rRPsLsu3fDNgEYM99Cdyq56K6OiCNJhqo3grpiZvwOo5zPTwoawf0"
    "aFsI6Q1RHsPNO1aJUBdjwXXUWCXmAkyPc2FPYeRwjrpGTueNOtdAgVxj9Ipdz3Jbnvg763"
    "LV345wFWezYM8jrwI1PA+m23S9fnlthe+3z2q4vnxTU4tEOgihdAvbvLy2cLjcydyS3h3P"
    "3d8dhI4HYzMzgiGmo80HJteKSNuOghxHhNGRrBvlcIYohuMh6jA2xMKXsFcQQvuRdBZAkd"
    "zCzbweareBRkG2YQ7IDdu7plPVDxD9s2JLdiZGNmWFMkFPz3yII0Wdhd66fJUu6GMwxve6"
    "1uzRZ+7qxEBVkzwjhi1oB5uByizjcBiWAEkRjRdijf0AtTwEvJ8A0nThP23g7Bi+zGXw7R"
    "BfQY8WMlf/EDEWGGDEssuctU3HvLMnIm4X5pyKc3xOUvbpBTRSIqGokgi8Jpo0EalTS61r"
    "VV+2CPsCk+fjxD8t+ApaeQViPco3N7vNojkTsIEaKqsjgq0++Vh2Cdald1j0D+tEFOCNs0"
    "bTBAq0RdaVFLpa6w6yFIpVwPm7p9VM5mRZw+rmUTE0Nhr8Qt8Kl3ymZw5K9396hk2L1Pho"
    "1WH0jw+iQUKEj3/ESLI+T0/jBEvs1MqlMnWMlMyNhxy5nJzFF0+9tdE1lfiW1Tw/d+eAJF"
    "fuGeBG9QycyTq9EGy8zNvJqBqiJtZZaHZoZHBXrCqrdGtOGsolFhwpdYJuq4VaBO1HKMFK"
    "/+G6FUwciNtVJvbtqgAnCQTgmgLOU0tHBsqUiFSqLumTDy6lHRqSBPLeBlBd9tFdUXUAs4"
    "OMpD2N50bvs33fP+s2mqfrw9SUUNxOIzdNNgq/UbtoQqmFGHN1xH19vYJOvnenRuTNAvmB"
    "vepVUq60R9NFAuCutuRUtdIJKwHSnQ0t8fofYhVVZXVeUynrZcRmiwFMA5SldDvMuPN4k5"
    "zJkn1ALMF2ldUe8wub193u9+7jSKAe5RnSH3/4Dd3t1+6vQuOhdnaPmxGrFWTrCTIJH0UI"
    "Hfvk4WQWmbkLz1ugCeAQpVFzkKp4pPp0Nd3wx2VQ27blJPCF3H6gXT6cyUdr4sJSqWPGwU"
    "9lml81Cx1Y39hxWqUv5iBJDhP0ytC71pGHYPBZHbu5VeG3rl3VozCal4dz6s0+fewjseAt"
    "b5sujSlhXkw1WeatLdQ113YpkQxt72cALPZVo/z3d839KWUOXds7SXALm+6C0RupFM6gTR"
    "LuId/tDLCHsERuf66IcWiIfl2ZflNUcH/tnMcGShPEvwFWx08rgimG94E5lUJwyOC5QnG5"
    "qm3CUlnURJ27RK5Z0YBwnGfFRaTuUU22ZGqEN5e9IFtJ92v6pXUOGBqFKEqmriq6IFWUpY"
    "c9uiBSo/qBb5QRcEyhDbiyRFeXkvU0M2gq1ynMRFEJliaiLr0ddJvfrK7xF20FSsi/7Wfo"
    "L1iSzJjGZQZBnaJJ29tT3DDQoSK+23ktpv/feg33246vb7nRttVXo4fm3AulefLjtQe1ge"
    "WqRddtoXZyjh4oCdt3vnnctL77Cj4LdNcitauUqwZVRgi6W72ESnM5qY6pueWBQiqrJAN8"
    "3ieopSd3uYWARJQN3ez42Co8gjO0PehwG7lQW74e+AfWx3LyHJyP2/ySgoP8MIOw6U5S+S"
    "ZBQk2Z1ZcfS060tpWTFySz6xbSvBQOiTbymYhqnqUEIzywnS+aMf8n/4HTS5HK/fPNChz6"
    "FCbxj3KeFcqKKJZnL6fB6mql0xnicpE8thu0dxN2CATJ1uVZ1UnwSfn/L0vkBPr8rrq5vU"
    "8+T1PVMx3MpJuAqO5V2Xa62aEPJ6PVPrtT5z8Y4OA2CNtmEk12sN3W9muT6J2xLGce6Krc"
    "wL1ctKGV5q3XccLTfoIoESh7PkUvydmzBQtTf2cAZqZrg5VU0IFfB9mQJQNSFUTYi9QLfC"
    "Md8u+0rdBPMk9SdwN1P5oeF2OXIiLUZeg2mJTMoekGMhfWJZnCAs1BjOH4W+Akfg+lwhq3"
    "Fs2feWA4fr+i0S69aXwxhq2IP1KBUrv0S9V40eGAslSxZGXpWtfy8rzoNFPURT/ECk2sXF"
    "a5kE6uPnLiKvKsc/+7KermtJmReuHR+mqp3DWlXRVk7rjZzW5NuMCnYbiDlMqcRcaTF7y2"
    "JhFzUvcxyr2NNTynf3VbqrNmArYfU+SzXpqkkir1FW0XLSv1qjRoIlBpebWSbY316D9VX5"
    "DGLMZwTO2ZXHY7lykxXzwLrh4rloRolb1FlYQw/QiEF1PSTazYmBnEeqJ9XkK5FxzuO2HN"
    "mL7TnT8NhRdlNl7abap+LeQAGyYB5u5IJMKrzQOlft7qVMLfQ+D1j706fLPzVhCfV+hvJm"
    "gW8eTbf3udv3MnIjF6JDMI+1dtLKYa2dtFKtNbgVOcZ+OeyLGMVhqtoZxcetd3nSPlvv0v"
    "M+4V60cswCju2Ow/zr7XUvJcCwIolq0VR30P+QSfmT6VuNH8dzpks/22hOTYcyfgiP/amx"
    "e7UaIApp1LEExmiuYkRVBgbRBMblErRpkvSOK12WlyN9c9frySvehwG7EObFGYK/Kmv6RW"
    "RNr9SuGKLZln2IUDlvKm3cm5b+QAxtVGhtDxHVITF+B2u7STAn2pw51Cw6niKkyltW6QGl"
    "9po8y14TFVNKn932M1daZci/RKlXOEO+YjNsJUISu06Qr5gM9j0/3oU9IR6xlEdGuTx5FI"
    "+27AF50sJcGi9dHQ3doomBaMKZLN/hnetzT78SHq7rkZInXx7fXClcoaUDjgJqotApQckN"
    "gkWK+Hw0pU68Tdr1APNU0uWe/MDjg8SaTcbEJv4w9DiqkEo1Qyr7WKDh5vq8c3u7if9xSX"
    "mGVp8H7Pwaqpj0wdW4/Dhg7X6/05NVTXqdjjwiJnplwG7Pf+lc3Ekn5fLjsv6J5Od/3MR7"
    "2cp3rlLGsUqxDdyRUV1oF3eEtobK7P4qr8pmeaFi1i2o776hSyJCq1x+VZa0LLCsjchYGD"
    "0Fok9RsjrlyZUWhHJBSglDrYE2LQalkIUrJmUkvdemZxxE6XafdvA809KTJBi4YKZ073Uy"
    "SI2xKhEUEMHUYs7EXAh0uZM6HC6ITqfYTJZGCoeoVFwWhx6reknmonPevWpfHhy/abqpZU"
    "JA1PVw+SJ6E7N5QrilZRrkBj51NCjcs3B3PWfbAL/ioJBfg7w+t8EBVyjZIkhT5RzZDZMt"
    "TvKkq6Znq8b6NsdhP2demGOENcS6/J2cia7lvJAn+6VrkPvw1KiT8ZjoDv1KtKSTk8G1kL"
    "KtMkKX5VbYw86eNVu3+514SRf522D9sguvgAnUz7P6NY4Oj44K+tufbf3Ds5lJN/KIhSmV"
    "P6zK/jAdQlKmuZnnM0KrJF1lSUMCPZOnl9oE86TFKD3lMYm2Dov/zhMf1XFgz10droInsS"
    "vBNAIWhjqK/ZkEsEpNGC0KSyGBWIliY1G4yW+FhRAiKwf+F5LdlZE1G0jn2zJv9tOK056N"
    "gryps+G5OKW4YpJCVAK6L/wwyGR8g9NyeT245tVoEtayHFAnKIUK8ZyIpyvUhQu0hgxerE"
    "+Aa0Jq7geP+ONvN8RcVktNKTq8ZLS3Fm5MApGqIfKoUEq2BCp4MGlNemoIp7+t0ZYIeaWj"
    "atKH4rtdoipsHK1rRvqW+JNz/rtZstkrzTXvxBfS2PPMdVvtIPIV0IQ9RAHdNH0XUUAVXr"
    "uBKB2q9dt21DaXSm5zkf9j+KfHjP32tSso1TrKt6cka1NJPN9EbYqv2fbotE3xMWdDHm3W"
    "t/22VEBqaCXHt5tviVHdDgAL72jiW+NTT5s0wQG7JU6b665VhajQ9vZcJwD5ePpmQQ5rvM"
    "ARQPtkSBXX4+UATNfl/fG5Vp/X/FrVeaoCzMT0YTHYkY/9U+4O0ZBMMTWX1YblySzWI7Ff"
    "65gTA8m7Z972foR12+LcJ+ZJJQLKfwgcIjP0z5SR538M0QG27y3WegXcelBaQJbtkowBEe"
    "+0Gh48rsaZ2Nb8foIwQ6uDa3IXIwjYT75uDBUBlLmjzJ2qLQE7MHjkgC0C8JKgjgif5sk8"
    "Fq0yTpqP5x77E2ZhlGtbC/pJcLYtc+PKwz5tlft0o31x1e2dIflvwK5vLjo3sv6H/2nAPn"
    "c7v3duzpD7P7qk55FM+VWG97AsS/u83/3caRQUj6xCD4VSvA8D5vIREpP/B+yiIz+1ZavA"
    "l2oIKqSXFZmrYoR1SEqNTlinuSas04wJ61T5Gl+qrzFW7ta07inbQPAxYpXtX+Vsf5VNq7"
    "IIqyaIErIIc5TgjJwQu23uz4z2gc3ezmbZfm5OOBd8twVp7kxuXU41xQk2ue0+ArePSK3c"
    "olviFD7vvCZTXaRTYUNTAct1U9QyG1dBpaKWpYw5hdP20d2iIUub6uSScqfrkGkjKWgZat"
    "DMDFtCUw1KpmnUb7w2ctmfEOSVQpLV1pDkApFGBBUI4RxUCAHObMuY6w6izPsKjWT7r2Lu"
    "8YN9oXBlqZwTwohfGl4D2RddLm7QUKVMVsHqa2bEEGUnlaJO8Ldk1SwJE77IYl2tAsVKvG"
    "FR3N0RolPujo13rHpTVGEBhOmUAMryNwWWjG39Tf7C/HnFcs8kktfxFO6MyY6nhFmnFJCX"
    "nGqKbXimLbytbye6qd/Ds9TTwCjIpaEGBmKe9Dp5aEBAOXwv09HcupLu+Tde6hsjj0Tojo"
    "8TixNJhSaYI92akqSEurLYqr07FV4OshTRqpYhrMIuvUQtNF6EUAXN0/t4vYLmG23QAVfE"
    "thsroj6QPesGyklZVeebq10m6jVLxTNLnVk1Uvt+X5zuwB/mcfjTk/K85rVLHT5p5UjEO2"
    "ml1z9vRb1WaofB0+4weBA/LRnf9em/Pm2VsW58uuletW/+hIMY5YcBa19cXMtM7Qv3+JXn"
    "T+6dUqbJM57ikkidv0M0dXIKlnYiFAitMKpBGoVqmhM1j7Lv1pYiXGgz2ymybcOwmFtgCo"
    "+oSZ3aFk/C3o80CVhf2+ecvRjgxF2pchPDDQhum3+2ZPfJDy/WEbWJZRqCSUnJevXzz4c3"
    "CjJ4ezHbWQkZykXw6riM5OCsK1iuc1+5e/KhNSKcGkSzxttiJQfgB8mt3lgpoNbnhD5Spx"
    "T1y0PrVvKrPVpj25oqvJ7L/eoNyXQn7GrMrnXFaqupYn1UeWiBv3WIpniBRgRNxEsjlx4N"
    "PX5DdAAPA7+B1r9+FQ8hb8gjMZ0x4E6WXFUy4374gaWwCmd4Banq5HTY9fEoKsOxUgl2Kv"
    "erlNyvxLw6d1VQyK5HNji5Ft0ouwOVx9MT01WelSK5XuXhq7Y5EumkhiJM9Sm2F2jIrbmt"
    "k6X6YpOZiXUiVBhxz4FDQZfay23nsnPe13qd3xO0oPLYJipGLjv3xwOxUoyqsxRkKUau3I"
    "qfmRUkUyvzxqqRO1gKwx8iU/CXpRitJjG1eq87aCg4AaxXi7xFQSG7HtnQ2K6SYuQlLiZo"
    "RKuUxnRVaHWoisrDe4FqBsGOho2/59xJLqadrmnEKeu04JWWVeMp9hoMvTi8+RLHojwqnU"
    "D2W6fzSev80b3ty3qeoa8ymUzrX595Ht0BWxkxZwGDJmolPU+amQ97wWTVCFn96keWn7Xq"
    "Wbm8KNRROoX1eqxlphQAlpBq8OvtdS8Z6TBVdL8R1R30P7kL8KkmosaP4znTAUs0mlPToY"
    "wfwvN+ajytWpgEO6AEnJdbjXy4D67af0QlcX55/UFCFthDBAw+RCsLQxalNiJjoXkXXIaD"
    "ZGoNTjqGXIKEx06SC3gNtEsqhWwCsiZlJL3Xpk8nUbrdTyhPb1HubOpwwUzp3utkkNa/lQ"
    "iKiMAr1iTQ5U7qcMiszpPC4UWW6XlToExPCLeUMZAf+NTRoHCPbl2XhR70QueABGmqbMNu"
    "qqvnUdXTNfVYz+ZYs8mYAGSF9vTFCGuI9ds8Z668TT9y5W3sxBW/RPRGkCcS188aLR/1qh"
    "YRqfBsHS8jMrMt+ds0fQJBioILYAL186x+jaPDo6NnsOc3XP/cbTxaalm0VMMyiVRZlwnW"
    "5fKQT1letyDKycQK5wScVRmidKjrVYYotPR+m1EbPACFpR6mrKHU90TKPiaZYvaH6GhROJ"
    "0pRlqn2XPHGWXLRb+wEMKESgQbi4BOZ6bUCOSONE3W7S+cfpLKQwlm840o6mSx594JFC0u"
    "u8GmoBQWSiyl7Q9SB76VeuBb0vJcArgFTuPaV3QjOkkOeJeaZHm9947XG+Oo8r0e5QTlRM"
    "GdE+50xS5P0f6k2uxbZ9S/mEMSUnWHp63pH9gd6h/hFtF3PLprRvqW+FPeWXAVi/Jk1rAo"
    "sBXhVvTwLju35syRuwBiOxLCDZpZGxO4aEqZeKdV27V7NIH9a8oQdhwynTncPyjrgSzQwR"
    "Abhk04P/uRzn4aIstGQ6xL9mc/QmnOn85+JFNMzZ+Gr+BELYzGVIgCPYpb1mN84+YTPmvA"
    "BgIlsQDAfCQuY7HYUh2bpuCMGZrPxFTsvEJulog8Y8E/tR7OXNAnRH8gRhNxCwmJ+icy3M"
    "/F+xCOCNYnAzbnRPCRL+z9gCa8CBHjb4EEe/EfjhfTBc0hGrrvpYkpy3aG8Iw7Rr+JZoK9"
    "wbc9xUEAViTU6jWvXy3gXOVqTzLK1Z745WrT93sEBVnMvotSKrNuY2vbnzGKBLMCJHVCfl"
    "dlVp9y/92tg8djqR0nLXjLm9mLHTTT5jzvQtdGX4kYjzYSvcK0FoTA8ToIlkwO07hjyVUB"
    "G1PK3scWCLGEYPveYi04iGeSVJKgXOZqd2ClJ6aME35ARSmyNi8Japhx1jrNk/wkWqWXkz"
    "+Npz8BYFpBDShEVDs96Elw9mcoDSalIljHCGvZs09zIX6agfhpFHHKNSwT9BImcMsyCWYp"
    "M3iQLgL2SBA+Fdp+h99tNsGH6+vLUCLBh25klu7dXX3o3BwcRxLTVBKPSuIBFibmjmZa95"
    "RtIPgYcQmyr6Znq+qiTs3kKWDjBPc7cnCibnscwtyZ3Lqc9lbuu63KK4w9cf169DdJPhkt"
    "dL+5xh4ULTVr1XS9SciQ29x1KHLH9Q1iBzELuSdlgDsR2dajLC4H73aGHm3qOIT5vkTqcN"
    "lAt6ZT8bmJ3Or9YfPwiR40YCYZO6LBRPQZqHeH0dT6Sg5RX5iYQgd7IPZ3HPFHQmbIjQoI"
    "cxROmtWBnbQ9kSGeZ5lGE80FMw5X4CHwBnzARCPBVZigwmzl4lWRbgulTjzQETwZWK7e78"
    "Li+f4LCk3lq3gQsxzxWvf+24nfgEyL3ee0b79E1lhhpv6lbN5K2ryyOxexEJYEyjLIZxm4"
    "g6yo0RumUljnw1oZBUozfFrvd5vYNLker3cnU8/BqzaVqT73UhbaLbcPpS+hqTkw6bN7+k"
    "44NbWnTO0wqAog7DWvIbrHuQLnxxmB8+P4Oa9wQl5iQcT0eioBElVLpWAtlWddzP75f/+9"
    "8As="
)
