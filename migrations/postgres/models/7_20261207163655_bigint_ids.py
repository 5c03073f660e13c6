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
    "eJztXWtz4rjS/isqvmxSxWQTMpmZN7O1VQxhdtlNIBXIXs6wZYwtgjZG5lhmMpxz9r+/at"
    "kG37HBIcbRlwRsdds8rUt3q7v139rM1LHBTpq6btKmbavaVB0Tg9jL2iX6b42qM8w/pLSq"
    "o5o6n6/bwAVbHRuCTIX2ihohGDPbUjWbN5moBsP8ko6ZZpG5TUwKhIMpRpz4jUnRSDAZIU"
    "2laMyvCmZYR7aJbN5qbpGZai3RyP0wOoEn6KbGH0HoQxHMFpT8e4EV23zAvJHFWX754vw0"
    "uOs2rf31F/9CqI6/YQZN4Ov8UZkQbOgBLIkOZOK6Yi/n4ton8tCh9mfRFl5/rGimsZjRdf"
    "v50p5yLD0CQm24+oAptlQbwxNsawFI0oVhuPh74Do/YN3EeUsfjY4n6sIAeQC18wLrazVF"
    "6fYGSr89UJRaRFYehQ9x95JmUpAzf1UmAHiAV3jzf43G+fn7xun5uw8Xb9+/v/hw+oG3Fe"
    "8bvfX+H+dl1mg5rARmnZ863QG8kMk7k9Ph4MI/gka1VYdKCGONvtMl88rAT7VZEh7uaaLw"
    "LqxlsR4KFRPGGnx3rOSGP0gnBZBLADARTR6TB0NUFJ9NC5MH+iteCnF0+IurVMMx2Lvrwq"
    "1l6gvtEMXwj9fVvKvrSdFSn1azd2AC4B/4r8a2QKDV7LeaV+1aXD+XyGZANji247GFLjxW"
    "tccn1dKVQF+GO2bDDF1ZtY3emjVm4SsqVR8EPvBD4LU9befBwniGxZtHVaHVzXQNKNAsk9"
    "4zU5mNLcSw9ZVomKEVC0QowpMJ1mw0MS2korlq2bxPxGs8+dkM6ZCOLPyVMAI60oNlPjHE"
    "lSb8FXOdiGtw9AF7mtKKWx0RmyEuZfHLuCrF5QmP45zhBqaAhD6kjgLG6oiZ/JHwFPzE31"
    "HHaMH7J38NikwDPngvgAjjnzXzgRLG2aoM8bFi4CSNTGpfZVlv0rSvGVMVC0+whd1ZLyiI"
    "1lS14sUQIQxJhP/UA5wj+dzzTTEwfbCn/Ou7tyl4/9a8a/3cvDt69/Y4CHrXvdMQt4L6lr"
    "awALCYhSgZaT9NBUE+z4DxeSLE52GE3bdVdMI0c0FtZY4tzZ3ug4hfYY0vdEY86GlsQkLQ"
    "HT4nLr8DFEiKBK7arc5N8/root4QMmD/NoijC3iyeXsaFoG3YEQhT5zU/ST7sybOnndqb5"
    "y9ff/2w/m7t6sZfXUlbSKPWmmLuQ6/XFHjejG/Y5MZjsc1SBnuuC7piffhALsu7zmq3qPG"
    "0l29U3AddG7a/UHz5hYeN2O8Jwv8moM23GmIq8vQ1aN3oZlnxQT93hn8jOAr+lev2xbwms"
    "zmWhgLtBv8CyyRmrqwTYWaTwpXu3wYeZfXb++zWRwtML9tHqArZjS9Ek0pYpkn2zm+NX2l"
    "aiuOqh0jLpfF51/vsKHa8ROda8e0VuxugdsBjskkQzPQu107RBF2/I6QtR1eTc95UhW8or"
    "Z0ZHaIAtejeGDyP1n9GWs+BzUpZPZmBGbDDN6M3TwUczIwHzGtxTkovHv1VP/EnHAz2mu2"
    "0T8BS5+w//s/N980Lt4hcyK+MqxZ2AaT/RHP7Y+wgYIn5NsIEZ1rsYT/HIaI42/gupepiR"
    "EW9VsUz156Ckq8/tVTPAWOhPMYrmuKYszWlxVCwGg9e5fBaj0LK49rsxVuBXV8MeaVqcqm"
    "eSAOUlUO5uIdMI/8Z8UD3KaLWWTNDIDt0ZbZCVO7bd4Nuu075b7fvrtE/m9Detdu9bqtzn"
    "WnOej0upco+D08+b/MOBD/c4wAr32ZhbJl72+cnmZAl7dKhFfcC3kgucG8nS8hSCl9CWXx"
    "JbjTs8+VIFALu+T4SrGN1IOUBUjdfd2yCP1AhBzjMIpK2VCZrSzYVnIO00pJl1nSXFD5HY"
    "M+oq28giWTZykCdgDTqBTyR5U4Xop7lskTUzJBZHXF+PpfqaJKRMxpYljJ+m491W8TbLfR"
    "cTM6Mi0dW3UEVsXxCFwpjjydgAyKxG3ETTtkUhEui6m+mKGp+QThH8ic2JiCj0VEZUDEBt"
    "aj/ptneYoIS2E27+MjxNQlQ09Tfl34hcZLGzNkkK/4Eo3AlTBWGW91RKjzdXRch0AUaHp/"
    "dw3eJHiH8d8Q+yI4DunRaEIMfPn9999PRPzJqI5G7Jx/Hy+0R2x/73qajtETsaeCk0P/HU"
    "Mj55PyiJcjCKohdt19LLTjb41nc3t5wvmR//C3UqnOP07VxsW7EXLEM/b/DPGzAAV+aYlU"
    "i4MGJE70DeiKSJti7ZHB/VlyYLKAGO4K+zEclfylpi34L585TYI6NnGbS29Y6bxhlfcjNK"
    "+u2t2r+5tL5H0a0qte6/6m3R1cIu9TOXwGMGHk9Rv4acosiG19BxcXWXwHFxfJvgO4F/Id"
    "mJQvB7YDVA6sw3QVxPssk6/mLMVXcxb11cAyFcU5cYb3mlcpHL+wGBpnnc/Ta9cUFeyvxX"
    "vWYamM00ioai0TYuxcihC8Qvk6QIDTdIzr3qeAa4Hj+KnTbd79eXTT/OM44F+47nV/8tr7"
    "3Qaf/hy0m+FODSpzrj7tEeyvS9c8M6AWwT1wp7Sr3tqoyIN0kGoruEtm5u8B6sXcMFWd2z"
    "/jXFiHyKoIdpbpmrdKATsaiy53gl7hTpDnbcjtPQ4RVknJ3HPSrXAI5cbfTyXd9wW57/2+"
    "tx1d+C0fqwMbBlkd+KEpYHPa7cr1uSO2PY/PYXXxrLj6h3YAVP4CqHt/ff1iWyMLe9rHjD"
    "m/O7o34rtdT90c4Q0V5mu5cXukiRjvIVh/QygaQ94rbGLwbjKZoCNVnxF6DPsIbnAvgp0l"
    "dDQ3LVs1jqO7ILswg80OyN7VTPOR8H+qZUFwq4oslermDHEF/yMyIUwWsmu9MFnCnO0M3U"
    "2v1cz50oudFaggc44pQ9QcUheXE9T+xiHhjGAnhrcdiTd0tyngpcT2DcN2HXJvR+BFdvZf"
    "TtAV9Bj+YwV//gMRprrYllhxF6G4D6apZwzC/VITT6/xy1+cTU65E1HSnQi8zB026qeRQa"
    "MbXVuV3+zhNsXnz5dI/BvS5BDScmz3aMyarHMkMm9CBKjKLI7S9HvpIdik2pXdI5A9bJBh"
    "TLcNG/TRSlGXWtRCqcvtevBTSdfDtm4fGbNZEqePY9lExJDbK9EHPtUO2fSP/M3uHhkMe/"
    "DBsOHqAzFen5gCBcmen3BxhIzeH4rwt7lBNGL7K5lxGdtOOTMROYr6v97XkfkVWxbRPe+H"
    "K1DkFe6J8QYVzDy+Gq2/zNzcrRkoK9KWZnmop3hUoCese2tIG04rGhUkfI1los4aOepErc"
    "ZI/uq/IUq5Gbm1VurOTVtUAPbTSQEUpZwGFo4dFalASdQDE0ZWPSo8FWSpBbyq4LurovoK"
    "agH7R3kA27t2f3DXaQ1eTFP19tvjVFTfXnyKbupvtTlhi6uCKXV4g3V03cQmUT/XpXP2BL"
    "2CucEsrUJZx+qjvnJRquZUtNQ4IjHpSL6WXn6EzEMqra4qy2U8b7mMwGDJgXOYroJ4F7/f"
    "xOcwexFTCzDbTuuaeo/B7c3WoPNbu5YPcJfqEjn/h7R/379td6/aV5do9bEce60Mq3aMRJ"
    "K3Crz2VbIICktCctfrHHj6KGRd5DCccn86GerqRrDLathVk3rM1nWkXjCZzQ1h54tSonzJ"
    "U/XcPqtkHnJvdWv/YYmqlL8aAaT4DxPrQm+7DXuAgsjs3UquDb32bm2YhOR+dzask+fe3B"
    "kPPut8VXRpxwrywSpPFenuga47NQ3Yxt71cALXZVo9z3c0b2lHqLLmLB0kQI4vekeE7gST"
    "KkG0j/0Ob+ilbHv4Rufm3Q/Ftx+WJS/LbY6OvLOZ4chCcZbgMSQ6uVwRzDesjgyiYQrHBY"
    "qTDQ1DZEkJJ1FcmlahvGP3Qfx7PjIsp3SKbT1lq0N6e5IFdJh2v6xXUOKBKEOEymriy6IF"
    "aUpYfdeiBTI+qBLxQVcYyhBbyzhFeXUvVUPW/a0ynMSFEZ6pxEDmk6eTuvWVPyLVRjO+Ln"
    "qp/VjVpqIkM5pDkWVoE3f21u4MtyhILLXfUmq/1c9Bv/900xkM2nfKuvRw9NqQdm5ur9tQ"
    "e1gcWqRct5tXlyjm4pC2mt1W+/raPezI/22b2IpGphJsKRXYIuEuFtbInMSG+iYHFgWIyi"
    "zQbaO4nqPU3QEGFkEQUKf7Uy3nKHLJLpH7YUj7omA3/B3Sz83ONQQZOf+3GQXFRxiptg1l"
    "+fMEGflJ9mdWnD7v+lJYVIxIyceWZcYYCAP8LQHTIFUVSmimOUHafwwC/g+vg8aX4/Wa+z"
    "p0Cyr0BnGfYca4KhprJifP50GqyhXjeZYysQzSPfK7AX1k8nSr8oT6xPj8pKf3FXp6ZVxf"
    "1aSeJa7vhYrhlk7CZXAs77tca9mEkNXrmViv9YWLd7QpAKs3dT2+Xmvgfj3N9YmdljCOM1"
    "dspe5WvaiU4YbWfcfQKkEXcZQYnCWX4O/choGsvXGAM1A9xc0pa0LIDd/XKQBZE0LWhDgI"
    "dEu859uhX4kTYB6n/vjupio/JNguQ0ykSfEbMC2RQegjsk2kTU2TYaRyNYaxJ66vwBG4Hl"
    "eIapyY1oNpw+G6XovYuvXFMIYa9mA9CsXKK1HvVqMHxlzJEoWR12XrP4qK82BRj9BMfcRC"
    "7WL8tQwM9fEzF5GXleNffFlP1rWEzHPXjg9SVc5hLatoS6f1Vk5r/G1OOLstxByklGIutZ"
    "jdZTG3i5oVOY7l3tNzynf/VbrLNmBLYfW+SDXpskkiq1FW0nLSv5jjWowlBpfraSbY326D"
    "zVX5dKwv5hjO2RXHYzlyExXzwLph/LloTrBT1JlbQ4/QiEJ1PcTbLbCO7CeixdXkK5Bxxu"
    "O2bNGLrQVV1Ikt7abS2k2VD8W9gwJk/jjc0AURVHiltG+anWsRWuh+HtLm7e31nwq3hLo/"
    "QXkz3zeXptP9rTNwI3JDF8JDMIu1dt7IYK2dNxKtNbgV9n0T0yJ2zPnTfHRtlq+f/AVDE0"
    "+jQu3dXcFxXqdcSK1W7x6CQs8yQu6MuvPG+3ercQZf0kZW/6Z5fR3dWVhPqnlcDkGqyrkc"
    "zhofsgTVNj4kR9XCvXBdniUcih6F+Zd+r5uwfbMmCdsoRLPR/5BB2LN14doPkwXVhBdzvC"
    "CGTSg7gcf+WNu/0QIQBeyVSHhoOBI0ZIgAg3B46GqB3zYEfc91RIuLQL+773bFFffDkF5x"
    "4+0SwV8Zk/4qYtLXSm0E0XS/SYBQusZK7ToxTO0R68o419oeIKpC2sEe1nYDqwwrC2oTI+"
    "94CpFKX2SpB5TM5HmRTB65Y5c8ux1mJLrMP3iNUi9x/kHJZthSbPjsO/2gZDI49OwDB/aY"
    "3Z6VPFKKEYqDjpRVD8gSdOfQuMkAaOSUpPTt1VyK4ijuqUkP5CtmwaopCVkIxfHNFCAXWD"
    "rgoKU6CpzBFN/AXwKKLcYzYkfbJF33MU8kXVU88D3eT6xYeIIt7A1Dl6PcsCrnhtUhlr+4"
    "67Xa/f42/scV5SVafx7SVg9qxAzA1bj6OKTNwaDdFTVjuu22OIAnfGVI+62f21f3wkm5+r"
    "iqLiP4eR+38V42sp1alXJoVSQ9PjSq86iyYdoKKrOHq7xKm+WVilkzoXr+li6JEK10+ZVZ"
    "0qJ8tTLGE2705Nh9CpNVKQqxsE0oB6SEbagN0CbtQUlk4YpBKE7utckRB2G6/YcdvMy09C"
    "wBBg6YCd17kwwS91ilCHKIYGZSe2osObrMThwOV1gjM9WIl0YCh7BUHBYnLqtqSeaq3erc"
    "NK+Pzt7WncA9LiDieLg8Eb2N2DwB3JIiDTIDnzgaJO5puDues12AX3OQyG9AXltY4IDLFW"
    "zhpylzBPKWwRbnWYKBk2OBI32bqUE/Z1aYI4QVxLr4PNlY13JWyOP90hWIfXhu1PFkgjWb"
    "fMVK3LnU4FpISFoN0aW5FQ6ws6fN1s1BO1owR/w2WL+s3CtgDPXLrH6105PT05z+9hdb/9"
    "T53CBbecSClNIfVmZ/mAZbUoaxneczRCslXWZJQwA9FWfDWlhlcYtRcshjHG0VFv+9Bz7K"
    "w9ZeuvZeCc+5l4Kp+SwMedD9CwlgHZowXuaWQgyxFMXWonCC33ILIUBWDPyvJLorJWrWF8"
    "63Y9zs7ZrTgY2CrKGzwbk4oXRlnEJUALqv/KjNeHz903JxPbjitX5i1rIMUMcohRLxjIgn"
    "K9S5y98GDF5VmwLXmNDcTy7x51/vsLGqRZtQ0nnF6GAt3IgEQlVDxEGsBO8IlP/Y14r01A"
    "BOf5vjHRFyC3NVpA9Fs13CKmwUrR7FA5P/yTj/3a3YHJTmmnXiC2jsWea6nTKIPAU0JofI"
    "p5smZxH5VOGNCUTJUG1O25FpLqVMcxH/I/gn7xl77StXUKpxmi2nJC2pJBpvIpPiK5YenZ"
    "QUH3E2ZNFmPdtvRwWkglZyNN18R4yqdrxaMKOJ7YxPNW3SGAfsjjhtr7uWFaJc6e2Zzlfy"
    "8PTMggzWeI4Dlg7JkMqvx4sBmKzLe+Nzoz6veJXAs1QFmPPpw6SQka96ZwieoBGeqcRY1X"
    "IW596YT9h6o6kM60jcvXTT+5GqWSZjHjGLKxFQ/EPgiJ6Rd2KPOF1lhI5U68GkjWPg1oXS"
    "AqJsl2AMiLhnATH/YUD21DIXD1OkUrQ+FihzMQKf/eTpxlARQJo70twp2xKwB4NHDNg8AK"
    "8IqojwRZbIY94qGeGLaOyxN2HmRrmytaCfBWfLNLauPOzRlrlP15pXN53uJRL/hlRUOhf1"
    "P7xPQ/pbp/07lD93/oeX9CySKb7K8AGWZWm2Bp3f2rWc4hE1/qFQivsBStADHy4x8X9Ir9"
    "riU1O08n0ph6ACelmeuSpCWIWg1PCEdZFpwrpImbAupK/xtfoaI+VuDfOB0C0EHyGW0f5l"
    "jvaX0bQyirBsgiggijBDCc7Q+bu7xv7MyQDYHOxslu7nZpgxzndXkBb2tO9wqihOkOS2/x"
    "24Q0Rq7RbdEafgafIVmepCnUrVFblhuWmKWkXjSqjkrmUhY07itPvubt4tS4to+Jowu2Pj"
    "WS1u0zLQoJ66bQlNFSiZphCv8cady8EUI7cUkqi2hgQX2GlEUIEQTpmFLcC5ZeoLzUaEul"
    "+hkWj/lc893mZfYLuyUM4x24hfam4D0RcdLs6moQyZLIPVV0/ZQxSdVIg6xt+SVrMkSPgq"
    "i3U1chQrcYdFfndHgE66O7bOWHWnqNwCCNJJARTlb/ItGbv6m7yF+bc1ywOTSFbHU7Azxj"
    "ueYmadQkBecaootsGZNnda3150U6+Hp6mnvlGQSUP1DcQs4XXi0ACfcvhRhKM5dSWd82/c"
    "0DeKnzDXHZ+mJsOCCk1VhjRzhuMC6opiK3N3SrwcpCmiZS1DWIYsvVgtNFqEUG6aJ/fxam"
    "2ab5WgA66IXRMrwj6QA+sG0klZVuebo13G6jUrxTNNnVk3knm/r053YI+LKPzJQXlu88qF"
    "Dp83MgTinTeS6583wl4rmWHwvBkGj/ynxeO7OfzXoy0z1rXbu85N8+5POIhRfBjS5tVVT0"
    "RqXznHr7x8cO+MUEWc8RSVROL8HaCpklOwsBOhQGi5UfXTSFSTnKhZlH2nthRmXJvZTZFt"
    "6rpJnQJT6pgYxK5s8STV/ZEGButr95izVwMcvytUbqw7G4K7xp+t2N1624tVRG1qGjpnUl"
    "CwXvX888FEQQpvz2c7MyZCOQ9ebYeRGJxVBctx7kt3Tza0xpgRHSvmZFesxAD8JLhVGysJ"
    "1OaY0CdiF6J+uWj1Bb/KozWxzJnE66Xcr+6QTHbCrsfsRlessp4qNu8qj0zwt47QTF2iMU"
    "ZT/tLIoUcjl98IHcHDwG+gDHrH0S3kLXnEhjP63MmCqwxmPAw/sBBW7ggvP1WVnA77Ph5F"
    "RjiWKsBOxn4VEvsVG1fnrAoS2c3I+ifXvImye1B5XD0xWeVZK5KbVR62bpshkE5oKNxUn6"
    "nWEo2YubA0vFJfLDw3VA1zFYbfs+FQ0JX20m9ft1sDpdv+PUYLKo5trGLksHN+PBBLxag8"
    "S0GaYuTILf+ZWX4yuTJvrRo5gyU3/AEyCX9RitF6EpOr96aDhvwTwGa1yF0UJLKbkQ2M7T"
    "IpRm7gYoxGtA5pTFaF1oeqyDi8V6hmYNVWVP3vBbPji2knaxpRyioteIVF1biKvQJDLwpv"
    "tsCxMI9SB5D92m7fKu0/Ov2BqOcZ+CqCyZRB79L16A7p2oi59Bk0YSvpZcLMPNhzBquGyK"
    "pXP7L4qFXXymV5oQ7TSaw3Yy0ipQCwmFCDX/q9bjzSQapwvhHRbPQ/kQX4XBNR7YfJgmqA"
    "JRoviGETyk7geT/WnlctjIMdUALOq1QjD+6jm+YfYUm0rnufBGS+HCJg8ClcWRiiKJUxnn"
    "DNO+cy7CeTa3DcMeQCJHVix7mAN0C7opLIxiBrEIqTe23ydBKm2/+E8vwW5d6mDgfMhO69"
    "SQZJ/VuKII8I3GJNHF1mJw6H1Oo8CRxeZZmetznK9ARwSxgD2YFPHA0S93Dquij0oOU6B8"
    "RPU2YbdltdPYuqnqypR3o2UxULTzBAliunL0JYQazfZTlz5V3ykSvvIieueCWit4I8lrh6"
    "1mjxqJe1iEiJZ+toGZG5ZYrfpmhT2KTIuQDGUL/M6lc7PTk9fQF7fsv1z0njURLLoiUaln"
    "Gk0rqMsS5Xh3yK8ro5UY4nljjH4CzLECVDXa0yRIGl99ucWOAByC31IGUFpX4gUvYwSRWz"
    "N0THy9zhTBHSKs2ee44oWy36uYUQJJQi2FoEZDY3hEYgMtIUUbc/d/hJIg8pmO0TUeTJYi"
    "+dCRQuLrtFUlACCymWwvKD5IFvhR74Frc8FwBujtO4DhXdkE6SAd6VJllc771n1cY4rHxv"
    "RjlGOZFwZ4Q7WbHLUrQ/rjb7zhH1r+aQhETd4Xlr+vuyQ70j3EL6jkvXo3hg8j/FnQVXsl"
    "2e1BoWOVIR+ryHd2jLXFBbZAFEMhKCDeppiQmMNyWUv9O67cYcTWD/hlCk2jaezW3mHZT1"
    "iJfoaKTquoUZu/yBzH8cIdNCI1UT7C9/gNKcP17+gGcqMX4cHcOJWiqaEC4K9MRvmU/RxM"
    "1nfNaQDjlKfAGA+YhfVvliSzTVMDhnlaLFnE/F9jFyokTEGQveqfVw5oI2xdoj1uuImYhL"
    "1DuR4WHB3wczhFVtOqQLhjkf8cLuD6jDi2A+/paIs+f/4XgxjdOcoJHzXgqfsix7BM+4p+"
    "Qbb8bZ62zXUxw4YHm2Wt3m1asFnKlc7XlKudpzr1xtcr6HX5D57LswpTTrtra2vRkjz2aW"
    "j6RKyO+rzOpz5t/1bXUyEdpx3IK3upm+2EEzZcGyLnRN9BXz8Wgh3isMc4kxHK+DYMlkMI"
    "3bplgVVH1G6MfIAsGXENV6MGkDDuKZxpUkKJa5zA4s9cSUcsIPqCh51uYVQQUjzhoXWYKf"
    "eKvkcvIX0fAnAEzJqQEFiCqnBz0Lzt4MpcCklAfrCGEle/ZFJsQvUhC/CCNOmKKKAL2YCd"
    "w0DazShBncTxcCe8wJnwttr8PvN5rgU693HQgk+NQJzdLd+5tP7bujs1BgmgzikUE8wMJQ"
    "ma0Y5gOhWwg+QlyA7Mvp2Sq7qBMjeXLYOP58RwZO1F2PQ1jY077D6WDlvt+qvNzY49d747"
    "9x/Mlogfv1DfYgb6mY66abTUKKnOaOQ5HZjm9QtRE1kXNSBrgTkWU+ieJy8G6X6Mkito2p"
    "50skNhMNNHM245/ryKneHzQPn+lBQ2rgic0bTHmfgXp3KpqZX/EJGnATk+tgj9j6jiH2hP"
    "EcObsC3ByFk2Y1YCdsT6Tz55mGXkcLzozBFXgIvAEbUt6Ic+UmKDdbGX9VpFlcqeMPtDlP"
    "Cpar+7tU/nzvBbmm8pU/iJo2f60H7+34b0CGSR8y2rdfQmssN1P/kjZvKW1e0Z3zWAgrAm"
    "kZZLMMnEGW1+gNUkmss2EtjQKpGT6v97uJLRJfj9e9k6rnqOs2pak+91oW2h3Th5KX0MQY"
    "mOTZPTkTTk7tCVM7DKocCLvNK4juWaaN87OUjfOz6DmvcEJebEHE5HoqPhJZSyVnLZUXXc"
    "z++X+vzF4r"
)
