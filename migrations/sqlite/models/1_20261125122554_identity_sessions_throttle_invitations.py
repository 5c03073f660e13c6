from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "signin_counter" (
    "key" VARCHAR(300) NOT NULL PRIMARY KEY,
    "window_start" BIGINT NOT NULL,
    "attempts" INT NOT NULL
) /* Sign-in attempts of one key (`address:<ip>` or `account:<kind>:<email>`) in a fixed window. */;
        CREATE TABLE IF NOT EXISTS "auth_session" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL /* STAFF: STAFF\nPARTNER_USER: PARTNER_USER */,
    "csrf_token" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "last_seen_at" TIMESTAMP NOT NULL,
    "staff_id" INT REFERENCES "staff_user" ("id") ON DELETE CASCADE,
    "user_id" INT REFERENCES "partner_user" ("id") ON DELETE CASCADE
) /* A signed-in browser, staff (admin) or partner user (portal). */;
CREATE INDEX IF NOT EXISTS "idx_auth_sessio_staff_i_488d1b" ON "auth_session" ("staff_id");
CREATE INDEX IF NOT EXISTS "idx_auth_sessio_user_id_658197" ON "auth_session" ("user_id");
        CREATE TABLE IF NOT EXISTS "invitation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "user_id" INT NOT NULL REFERENCES "partner_user" ("id") ON DELETE CASCADE
) /* A one-time link to choose a password (invitation or forgotten password). */;
CREATE INDEX IF NOT EXISTS "idx_invitation_user_id_3a88c8" ON "invitation" ("user_id");
        ALTER TABLE "partner_user" ADD "password_hash" VARCHAR(255);
        ALTER TABLE "partner_user" ADD "status" VARCHAR(16) NOT NULL DEFAULT 'ACTIVE' /* INVITED: INVITED\nACTIVE: ACTIVE\nDEACTIVATED: DEACTIVATED */;
        ALTER TABLE "partner_user" ADD "last_login_at" TIMESTAMP;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "partner_user" DROP COLUMN "password_hash";
        ALTER TABLE "partner_user" DROP COLUMN "status";
        ALTER TABLE "partner_user" DROP COLUMN "last_login_at";
        DROP TABLE IF EXISTS "signin_counter";
        DROP TABLE IF EXISTS "invitation";
        DROP TABLE IF EXISTS "auth_session";"""


MODELS_STATE = (
    "eJztXetz2siy/1em+HKdKicV49jJJalUYZvssmtDCnB29yxbYpAGM2sx4mhEHO45+7/fmZ"
    "GEXiMh8bKQ54stpOlG/ObV3dOP/9RmloFM+qZpGBZpOg7Up3CMTewsaw3wnxqBM8QuMlqd"
    "ghqcz4M2/IYDx6Ygg7y9BhMEY+rYUHdYkwk0KWK3DER1G88dbBFOOJgiwIhfWwSMBJMR0C"
    "EBY3ZXMEMGcCzgsFZzG8+gvQQj72L0hn+DYensKzB52AWzBcH/XiDNsR4Qa2Qzln/+6f40"
    "/tRrWvvrL/YBEwP9QJQ34R/nj9oEI9OIYIkNTibua85yLu61ifNFNOTvPtZ0y1zMSNB4vn"
    "SmDEi/NSYOv/uACLKhgzh7x15wGMnCND3wfWTdtw+auK8YojHQBC5M3hmc2n2B4F5N0zrd"
    "gdZvDTStlugonyIEt3dLtwjvZPaqVPz6B/4Kr+tn796/+3B++e4DayJec3Xn/T/uVwfAuI"
    "QCns6g9o94Dh3othAYB6C6I60QtGGS9QD7cGYh7N8IIA6G99FgHGDqjexiqEaJFK4ernw1"
    "mDymD90kwl8sG+EH8itaCqDb7JUg0ZEEVW9x/mpbxkI/RoD/8QeRfzdYnGz4tFpCIzOWXb"
    "BfjRyBwHWzf928adVkw1chmwPZ6KyVY8uH8Bjqj0/QNrTIWOZPrLoVu7Nqm3w0q8/idyCB"
    "DwIf/kP4a/six4ON0AyJN0/KI6uH2WJIpFku4WMGqYNsQJH9HeuIghULgAlAkwnSHTCxbA"
    "DBHNoOGxNysaM4myEZkpGNvmOKuaDyYFtPFDDJBX1HTDBhYhR5QL64suJ2CrBDAetl8cuY"
    "PMP6k38d48wfIMKRMIbElYLoKaAW+0r+LeiJvaOBwIKNT/YaBFgmv/BfAGDKrnXrgWDK2E"
    "IK2FwxUZpYpESgZxSBZhRqNpogG3mLWRTf6ym05QAnCGNYsx9xhEsfW1J+aCYiD86Ufbx8"
    "l4Htt2bv+udm7+Ty3Sux/LFJ5C4cHe9JXTyKSkf6wuaASfaXdKTDNBUE+TwHxuepEJ/HEf"
    "beVjMw1a0FcbQ5snVvFY8ifoN0tn+ZctCz2MQ6wXD5vPH4HWGHZPTATeu6fde8Pbk4rYs+"
    "oP9m+jgK9827t/Eu8PeBAst1mORw4v9ZqRftANDF3OC/XIOyUcyeOHiG5LhGKeMD1yN941"
    "8c4dBlIwcaXWIuvX05A9dB+67VHzTvvvKvm1E2kgV+zUGLP6mLu8vY3ZPL2MqzYgJ+aw9+"
    "Bvwj+Fe30xLwWtRhwhWNtBv8iysYNbhwLI1YTxqTpkIY+beDtw+pIq5wV1CTjhDtZiodvQ"
    "CU0KPTtZLQVr0SjDVXME72wpXH4suvPWRCR75+eVrH9YrdV87tCKdamloYGbSe1qAJrXtL"
    "yFour6Zv6qgKXknNNzHpk8B1CRpY7E9e60PA56ime27bQ2Sdy2F72M6eMMcD6xGRmsyc4D"
    "87zbQmzDFTev1ma60JfEcT2nr/5+br+sUlsCbiI0W6jRyuYD+iufORnzmgCf4xAthgwilm"
    "P4cy5V1YB5hIZelihiWtDLtnr/T6cun1bscVUTMDit0omc8Lb0TFPLvMoWOexUW9QMnkj6"
    "ISuZjK2hTSaRGIo1SVg3n35pJH9rPkALfIYpbYCiNg+7RlNpnUvjZ7g06rp933W70GCH8a"
    "kl7rutu5bt+2m4N2t9MA0c/xNf155oH4X2AG+O3L3Ckbjv7627c50GWtUuEVz2L2Qqbebq"
    "b5RymV5l8Wzd9bnkOKv0AtbkBjO8UmvR6l3EGve69blk4/kk6WmHeSvWxC6mgLulE/x2lV"
    "T5e5p1lHFTTjhSg2suGVrDP37AzD0UqCW9xjw7Up3NNcdpOSQZzXcBIaWaXy2BBOlakuG8"
    "HT00wrS7TdWjPL6MSyDWSfAq4svBpxw4fbn66zAwHiMWAaG7CI8AdFxFjMwNR64q4VwJo4"
    "iHCLiPB44N4QyEhaW/b2LVIfU8GMPxUKUNzB9M+avqCONXObRIVE7DVXVppDWWkqr982b2"
    "5anZv7uwbwr4bkpnt9f9fqDBrAvyqHLjvBjHlBfTZMU+aO2FSnvbjIo9NeXKTrtPxZTKe1"
    "CFvPHBeoAljH6SqI91kuG8JZhg3hLGlDoPj/JDinrt1+c+WFLfHEoFNYv7gsMmoDigqO19"
    "1bfPlWKTk1xgTayxRPLY8iBu946bhH9kcGcAagV7fdq4jKy3C8aneavT9O7pq/v4rovbfd"
    "zk9++7A6e/XHoNVMuBeZFjSYGDgu5JcYI9toeJdMiYrvfnmGN2uVsfslPUCVRfcFWnR9pa"
    "uYFShGpXZkyY4s1N1isIZJlHVtrXUtbDDY0sJ2HWJ1ZOM2r30tNmfXR5yt7DVbYtv1+RzX"
    "4M2La3jSRkBlLwA697e3z2a5XDjTPqLU/d1J02Xo8Wmm7ZI11Gio5VrrZRNQNkKQ8RoTMO"
    "YhX9zGyIbJZAJOoDHD5BWP5fI85QA3/IKTuWU70HyVNFJuw4yHn/HANd2yHjH7B22be4pB"
    "YENiWDPwiJYfgcV9znhgme9zhnlcGBvlhhdZplvzpe+IJlAB1hwRCog1JB4ub0DrB4OEMe"
    "KGUtZ2JN5wBNj3gBF/KWFdpcg55WFnI24jGwEKl/QNuOEjhv1YwZ/9QICIQfmHFXfh1/Zg"
    "WanG1YQtVXx7jd3+0z2DUObTw5pP0bKwD1aYRnlgrdXHK2+hZoL9ly8NIP4NSbo/Vjls1D"
    "q1J4EfcW7LaYSqzN1RmnGv1PR1ElvZ1fL8PjgUIbKpD06IVnV1qbtayGrFDAVhEmUokMSl"
    "Kr+mvVpeXPUigW5h00Cf86m2W1N4qq63uSiHsaN3GIvH00pML5KQ23TzSzzcN6cJhgD0Y2"
    "5iHTvhTDqsjx03nQ43UkDQ//X+FFjfkW1jwzdBeB0K/AwTEpPMjpnLUxKG0xzNvZxVKi3h"
    "c5o1eAcHgzAmkmYlLYkSvsQ0JWf1AnlKVkO/YArIGJk6lpOmgRQrSdE0kGEihWuONJDh1X"
    "tLaSaSF+/IYM4rzMTnbp6EkKs0jttKiy8gIWR4/kaw7TH9vde+HjybuOifPMvkxNCpdIaA"
    "GG61PrKAyWMZyRijyRS5GOcnUfTo3NMxP2tiNJxgp6ylQmEoCwnU3fxnOkNEEk0Qaun7Qa"
    "swgkMLjCoKe79R2JE5UADnOF0F8d79yQtbmpyFJHNUvjPHgPpwYNea14P2t1atGOAeVQO4"
    "/4ekf9//2urctG4aYHVZjlNHiqAj6ZF0u7nfXonwEtXI24YL4BmiUMkx43Cqk9p0qKvrUK"
    "1Solat1yWHuInskng2N4X6LhLPsS0PGsUsTOkM1HGkxIhXlgy0FcA1w4iXmvNz0wPJI4Q4"
    "t4kpPe9nYGJas2Sok998WKcvloUd8EO69CpFx5bZgaM5QSoy3CNDd2qZ/EB328TTnt2yeu"
    "bnZBjNllDlDaE5SoBcg/CWCPUEkypBdIhDB3/qZZw9hGbn+iMILXQolSdMyGsOTvxSlbx4"
    "lKjq9IrH3XhcAV9v6CkwsY4IL9wkakyZpgjaESYdWdTQTnlLDyPCBy/KQaUM5w3K5JIO/X"
    "Eq3yqG/fDzSznLqED2EklCp9sGsitPmUp4ytwgE3N3Epm0unqWKaYa4VY5Sp0ggGYQm8B6"
    "8gVDLyXmRwAdMGO7mB/ujZjGL7JogjnPi8nbyIqbbM9wg8yaSgQ9aOh35eOS76/u2oNBq6"
    "cFOTST94akfff1tsWTaIqqENptq3nTAJKbm3gS1HPlv8pIf5Vw7rCRjudY6q+a7kYTISpz"
    "p23qs7SPPGNH6EbDXV7anZ9qBWeKR9YA3sWQ9EV2Wf53SL4027fcpcb9v8ks2L0/DXQcNJ"
    "sXcqkJkxxO1n9b6t0hFsaNbNuSyPYD9CMF0yhVFfIXZlkbWr8PIoYGf4DKc0f6zUMD+pqn"
    "k4ziPkOUMilSqrhmlA6PUFUuCctekiZTHrNQ3N4WIlMlQsrj2CIxrimT6gs0qSovtqr1eh"
    "4vtudIWVq67t2vqffQSTXLBm9eO2RqVs1nzu4QKf0tMUTGS4OnGyMjBclzHpgT7wRbpFLw"
    "PM7+h4JV8ChgKIlCyCkWyE0YqOQM5VlYTjMMjyppgDoHPQZcVdIAlTTgKNAt8VFom3zHrv"
    "OzTAYJPc2UQHC0XQ5/PYug11xtAyYmj8CxgD61LIoAZLIEpU9MaAAnAVfucTex7AfL4WUC"
    "/RbSFN+7YczTfXPNTEg3fjZvL3E3Z8wkHZFsNsjw/VEk5+ba6gjM4CMSsg9lr2Uinko8d7"
    "5tlWT78AKP6MrCabajVJWz8aqEw8rOu5GdF/2YY8Zug26OUqpuLnU3b1jWXVV0P57+PXDm"
    "47LN1iqWdC8bxnlVqJKm6P3FGtckehO/fZqlMP3tNVifZM1AxmKOtEe0jFdV57oIZd8L5h"
    "i5iXKZ7vLIGxFRU521WyADOE9Yl6VY2yHjnHWEHDGK7QXR4MRRWo7yJ92xP2mP55MKO5PG"
    "bgivuRutddds3wrfOe86PjfyaEfn9Rza0Xk9VTvij2JlgVfzsYgSGqWqnBJ6Vv+QxzOx/i"
    "HdNZE/i+f8WPKyvkmYf+l3OykW+IAkLrVi3QH/BSamexNxap8mC6ILc9V4gU0HE/qGf+3n"
    "2uHFWA5RRIJN+NjF3elioilnEPexW+0Nm/rxHjj14O7ceHv3nY64410MyQ0T5xuA/1WOvS"
    "/CsTeQhxKIZmvSEUJlLCm1Mm1a+mPh6vMRoir4bh9gbzcRpEhbEAebRedTjFRZp0o9oVQ4"
    "xLOEQ6gznPTV7TjdeZUT90vs9bI6cZdsea2YD3fJ0D12F24Xdon9f9UfGYnORCUTbTUC8j"
    "hNuTSeRzUYuenuQtb7hsj54JVFecDfEY0mg0hx5d4d31wOTpEdgVdSOQWRIivyBuHMNnQx"
    "nmEn2SYI6Q7xUKcMBz1lOMag/F73utXvb2LQW1E2QHA9JNddnp1iwG13q8shaQ4GrY7IVt"
    "FptUQRjPidTUx89XzVYDKKwSQCcWPTq1A0boy2ghLf8Up4SrB/od2sWzzP9YZ6e4xW2cXK"
    "3NMi0aw2RhOmQhSQbuJkyn9LclLjgpRyVrMG2rSDGoUsv2NigtJHbfqxfJzu8Gfzz7Ms7e"
    "UU3gUzZXiv64PUg0jVBQW6YGYRZ2ouGbrUSZ0OmfXRUzi8yELp7woUSo/glnYcnxv41Nmg"
    "cM/C3bVDbQN8wEEhvwZ5fWHbiOiFPBLCNGV2Bd3QI+E8j09nuktnYmxTqNlogjhkhYrqJg"
    "griPUewgtV8v49iedlq0lYdbxVUcI9KfAr4/R4WQxcCaVCWObMKs4Ii2EbodkNqkd/wpbh"
    "M6BKae6xlKaqn1IE3qz6KXJ8w+vo7kZwxWNfJZvPkVSFPVbEc5aFzZO86bnLwpbzrC27jq"
    "dXXQejLYEK1/KpyEiN4PS3Nd4SIS9QvSJjKOnrF5dMk2h1CRpY7E/O9W/z6rDPKpPmXfgi"
    "snietW4r/0lfAJV4UIZk03QfypAovNZ9Mh2q9U6LyoPwkB6E4n8C1nRrqd++csHv9bf5XP"
    "uyfPuSZn8VwFOxUI60AJ6EDSGPkOqrdFvKFRVUfpOhMVtiVLXE+4nsYVviU01VU2Iu3RKn"
    "zUXSskJUKGYnV9JvH09f2s+hZBfI+n1M+lFx8VxMwHQR3Z+fa8V0zU94lyfUac6WD4vwMC"
    "PoV5d4A0ai5u0qZZlIxmw9Ifu1Diky3Iq4DS9mCUDdtij1iaks7mn3X8LzRo/8NNIiN/AI"
    "nED7wSL1V5xbh8dLiRQDgjFHxEtQTcMZqp2pbS0epryob5CrOneEVUgt8mVjbKg4qJekxT"
    "y3JL1/PUbMwyIArwiqiPA+yuuu1sHCKFc2Hd1ecLYtc+PkZz5tmcd0rXlz1+40gPg3JN3e"
    "TasnIib9qyH51m791uo1gPs/vlPn6ZndJzo7wkDW5vWg/a1VK9g97c63tghV9S6GxOXDek"
    "z8H5KblrhqilahD+XoqIi4VWStShBWISHQAQr1KhNiOvrVMiEmMm6Z1gMmG3R8glhFkZY5"
    "ilQ5oCpXvpKdTGe48uXIAhSr9bStA84cDzibo12ksq3SFFHK+G4L0sKZ9l1OFcWJ19w9/H"
    "nZMSIVGDG3xClakLAiS11sUEFDU8eL65aolUusgkqdMe5kzimctj+LLXrAaGMd3WLqtB00"
    "q8mOGCMNTjMPGXlTjeeZ0LDfeO0542CKgBc/LlJUAMGFnwsCnraFlz7iB3Ze/V6AifeRNx"
    "Ltv7O1xz+aixwu7pSz5NDvz5rXQIxFr4LyX8pv8RlP/MTYEz0osY5kZTCIEr7IxAX1AokL"
    "otW08xonIkTKOCGJ3fQWlGK4RokUruuNPqF1e1ujj787fgtYHhnWea0/0WEmt/5I1oidgL"
    "ziVFFso0tj4QC3gwiI/gjPkhFDsyCXmBiaiHk80kS605CE9lF4cLkZcdw82J63GEFPiAlw"
    "T1OLIkEFppAC3ZpJqnDujq2KYimXNIgmE6Q7+DvSZGs9Py1LcaCJ0WUdlG2yKJUhDE0qCj"
    "YHLXXO/ELPmTcKVeFq/rYhBnH7wpENA2UALKthyxUapeLKSp7MklKCRiqwtSoiAX1cJFFN"
    "d0/zmlfOiXb3pbOVr/1+fe0rXzn+a6991+z9wYu4iIshad7cdIXP8o2b5vn53VxnmGgil3"
    "yBlTlCo4xzEqMn77TCqIZpFKppJs88MrybEwlRJqRsJ582DcMibmIkOMYmdiqb9Ad6P9JE"
    "XKna3k3rxQDHngpJGhnuYdu2Llsrdl/9o7sqoja1TIMx2ZF/W/Ws6dGQOcLfnq12srLURf"
    "BquYzE5KwqWK4pXllx8qE1RhQbSLMm22IlJuCV4FZtrBRQ690on7CzE/HLQ6sv+FUerYlt"
    "zRRez2VV9aZkum01mLNrLaxasFSsPwMeWdyMOgIzuARjBKbspYFLD0YevxE44V/G7QbaoP"
    "sqeeC7IQ+pB2DISiy4Kv+/ZzXvij4o5j0VJlGGBFklDOXrd5BAROUutQt3Kakrmrs0K2TX"
    "IxteDYsGeB5A7vCEtXS5I5Dm1ssdNGibw/dMiAlMX55BewlG1FrYOlrJEDaam1BHTI5gzx"
    "xoMxHBFyH6rdvW9UDrtH6TiCK7YyuVTlx27o/nxEo6ed7DZ9EdBasehWnUPiqRT9yhXQzV"
    "CI1Cdb10EqwkagtdVyomPGPXyybeyqyQXY9sZNaWSTrxPPMkYkngs5cujwRlMZSj2VGtl5"
    "l7PYKOBo2/F9SRp0NO3/GTlGqHktolhNCs8RmVhDefZ1ScR6k9pH5ttb5qrd/b/YFI3Rj5"
    "KLyltEG34ZkshyRQEBohZSGugTyPH5UPe0FvzBhZ9VIF7t4t09MgaVGo43QK6/VYC1cgDp"
    "jkLP2XfrcjRzpKFY+TwboD/iuC0va1ENU+TRZE51iC8QKbDib0Df++z7X9Snsy2DlKnPMq"
    "RMaH++Su+Xu8J65vu1cCslDsC2dwFU8iy90EtTGaMIG64DYcJlN7sKyaswAJThyZeXUNtC"
    "sqhawEWRMTlD5q05eTON3hF5T9K4oHWzpcMFOG97o+SBvfqguKdIGXwIehS53U6ZCZ2iWF"
    "w4vM8fKuQI6XCG4pcyA/8KmzQeEeD7kWeQf0QiUfwjRl1mE3ldXziOrpknpiZFOo2WiCOG"
    "SFgtYShBXE+jJPeY3L9Ooal4niGqsS9alpd1IlRRmpEhcl4uKq7prIoVgQZTmxwlmCs8qH"
    "kQ51tfJhRGJKfsyxzUX6wr0epaxgrx9JL/uYZHazP0XHy2LeBAk6tXTKlk5/Ly+GbZRKIS"
    "tBFs/mpti/RcSDJlIpFzvUTWWg8JadPKrSLPs60Y0lBizqdJ5Cr9BWhXAKCDM7KYQj2/p2"
    "AG6BKiXHim5sy88B70r+2t3orVjJ+wTGcZF1PcoSIUHBnRPudAErTx5lWbrcrZ1FX0ze6l"
    "SpYL9plkPRR35pm2if+bHKXYIGFvuzuxo5JfO7yQxULuBl22cjvE2urQVxhINrwtk22uA0"
    "y+eWsqaYsHcK2q6NAeLsX2MCoOOg2dyhfgGRR7QEJyNoGDaitPEJzz+PgGWDEdQF+8Ynnn"
    "/tc+OTqMv9efSKVxqBYIJZV4An9sh6SgYG7fG7hmTIUGIbAF+P2G3INlusQ9NknCEBizlb"
    "ip1XwD0pFWmv/SK9PA22PkX6IzJOAbUA61E/SfbDgr0PogBBfTokC4oYH/HC3g845S+C2P"
    "xbAsae/edlV3RG8waM3PfS2JJlOyP+HfcE/2DNGHuDbptYu2Dt9KpWTT/PlZPwPCMn4bmf"
    "kzDd5znckZL1Dj+kam5xyiopbP9br5+fv6+/Pb/8cPHu/fuLD29XmlvyUZYKd9X+iWtxkf"
    "6RnAR5K0aR858QSZWQP1QuvX2GlvQdOJkI6Vi24a0eZm92vJm2oHk3uib4jth8tAEbFaa1"
    "RIhXPAB8y6R8GXcssStAY4bJx8QGwbYQaD9YpM5rI0xlIa+7Za4CX8oV+CIkjyJb7oqggs"
    "4U9Ys83hSsVXoq4IuEP4UATCso2ESIKife7AVnf+HR+FpTBOsEYSVH9kUuxC8yEL+II46p"
    "BkXhFYn0aFkmgiRlbQ7TxcAeM8J9oe0P+MOeq191u7eRI/Wrdkwq7NzfXbV6J2cxn0Plzq"
    "LcWTgLE1JHM60HTDbo+ATxDvq+nAarsnd1qk9LAdUlHMpDuW1021TWC2fadzkdbb8fNqNi"
    "E9lYntLIe3KapdrBoI3KHXCwrWHPKlTqMU+6yJnuH62EzRRhk0+qAgh7zSuI7lku2/BZhm"
    "34LFmvhmf6l+a9SA+bC5GokLmCIXPPaq385/8BdeXImw=="
)
