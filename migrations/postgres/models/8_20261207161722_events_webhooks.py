from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "type" VARCHAR(32) NOT NULL,
    "occurred_at" TIMESTAMPTZ NOT NULL,
    "partner_id" BIGINT,
    "sequence" BIGINT,
    "actor_kind" VARCHAR(16) NOT NULL,
    "actor_name" VARCHAR(254) NOT NULL,
    "actor_user_id" BIGINT,
    "actor_ref" VARCHAR(64),
    "address" VARCHAR(64),
    "order_id" BIGINT,
    "customer_id" BIGINT,
    "user_id" BIGINT,
    "attachment_id" BIGINT,
    "endpoint_id" BIGINT,
    "changes" JSONB NOT NULL,
    "data" JSONB
);
CREATE INDEX IF NOT EXISTS "idx_audit_event_partner_207b16" ON "audit_event" ("partner_id", "occurred_at", "id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_occurre_a10e4b" ON "audit_event" ("occurred_at", "id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_order_i_081af6" ON "audit_event" ("order_id", "occurred_at", "id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_custome_716013" ON "audit_event" ("customer_id", "occurred_at", "id");
CREATE INDEX IF NOT EXISTS "idx_audit_event_user_id_116157" ON "audit_event" ("user_id", "occurred_at", "id");
COMMENT ON COLUMN "audit_event"."type" IS 'ORDER_SUBMITTED: ORDER_SUBMITTED\nORDER_SCHEDULED: ORDER_SCHEDULED\nORDER_COMPLETED: ORDER_COMPLETED\nORDER_CANCELLED: ORDER_CANCELLED\nORDER_NEEDS_ATTENTION: ORDER_NEEDS_ATTENTION\nATTACHMENT_ADDED: ATTACHMENT_ADDED\nUSER_CREATED: USER_CREATED\nUSER_ACTIVATED: USER_ACTIVATED\nUSER_ROLE_CHANGED: USER_ROLE_CHANGED\nUSER_DEACTIVATED: USER_DEACTIVATED\nTOKEN_CREATED: TOKEN_CREATED\nTOKEN_REVOKED: TOKEN_REVOKED\nSIGNED_IN: SIGNED_IN\nSIGN_IN_REFUSED: SIGN_IN_REFUSED\nPASSWORD_CHANGED: PASSWORD_CHANGED\nWEBHOOK_ENDPOINT_CREATED: WEBHOOK_ENDPOINT_CREATED\nWEBHOOK_ENDPOINT_CHANGED: WEBHOOK_ENDPOINT_CHANGED\nWEBHOOK_ENDPOINT_DELETED: WEBHOOK_ENDPOINT_DELETED\nWEBHOOK_SECRET_ROTATED: WEBHOOK_SECRET_ROTATED\nSTAFF_ACTION: STAFF_ACTION\nTEST: TEST';
COMMENT ON COLUMN "audit_event"."actor_kind" IS 'PARTNER_USER: PARTNER_USER\nSTAFF: STAFF\nRECONCILIATION: RECONCILIATION\nSYSTEM: SYSTEM';
COMMENT ON TABLE "audit_event" IS 'One entry of the trail. `changes` is a list of `{\"field\", \"before\", \"after\"}` (text or null);';
        CREATE TABLE IF NOT EXISTS "event_sequence" (
    "partner_id" BIGINT NOT NULL PRIMARY KEY,
    "last_value" BIGINT NOT NULL
);
COMMENT ON TABLE "event_sequence" IS 'The last `AuditEvent.sequence` given to a partner''s events; taken with an upsert in the';
        CREATE TABLE IF NOT EXISTS "webhook_endpoint" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(500),
    "event_types" JSONB NOT NULL,
    "enabled" BOOL NOT NULL,
    "disabled_reason" TEXT,
    "secret" VARCHAR(64) NOT NULL,
    "previous_secret" VARCHAR(64),
    "previous_secret_until" TIMESTAMPTZ,
    "failing_since" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deleted_at" TIMESTAMPTZ,
    "partner_id" BIGINT NOT NULL REFERENCES "partner" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webhook_end_partner_f9e57a" ON "webhook_endpoint" ("partner_id", "created_at", "id");
COMMENT ON TABLE "webhook_endpoint" IS 'Where a partner wants its events POSTed. `secret` signs (`whsec_` + base64 of 32 bytes);';
        CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "response_status" INT,
    "last_error" TEXT,
    "last_attempt_at" TIMESTAMPTZ,
    "next_attempt_at" TIMESTAMPTZ,
    "locked_by" VARCHAR(128),
    "lease_until" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "endpoint_id" BIGINT NOT NULL REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE,
    "event_id" BIGINT NOT NULL REFERENCES "audit_event" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webhook_del_status_5b6f00" ON "webhook_delivery" ("status", "next_attempt_at");
CREATE INDEX IF NOT EXISTS "idx_webhook_del_endpoin_94a4fa" ON "webhook_delivery" ("endpoint_id", "created_at", "id");
CREATE INDEX IF NOT EXISTS "idx_webhook_del_created_e721cd" ON "webhook_delivery" ("created_at", "id");
COMMENT ON COLUMN "webhook_delivery"."status" IS 'PENDING: PENDING\nDELIVERED: DELIVERED\nRETRYING: RETRYING\nFAILED: FAILED';
COMMENT ON TABLE "webhook_delivery" IS 'One event owed to one endpoint: a durable job of the webhook lane.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "webhook_delivery";
        DROP TABLE IF EXISTS "event_sequence";
        DROP TABLE IF EXISTS "audit_event";
        DROP TABLE IF EXISTS "webhook_endpoint";"""


MODELS_STATE = (
    "eJztXWtz2ki6/itdfDlOHcfl4DjJOlNThY2SYeKAC0gys2FLCKkxPRYtVhIhPrvz30936y"
    "51C4mbhdwfEoPUb0s8fXvv738ac8uApnPWMgwLt1xX02faBJnIfWxcgf80sDaH5ENOq1PQ"
    "0BaLqA294GoTk5FptL2qZQgmjmtrukuaTDXTgeSSAR3dRgsXWZgSDmcQEOKXFgZj1skY6B"
    "oGE3KVdQYN4FrAJa0WNppr9iMY+x/GZ/QJhqWTRyB8v4vOlhj9ewlV17qHpJFNuvz+3ftp"
    "9K7ftPGvf5EvCBvwJ3RoE/p18aBOETSNBJbIoGTsuuo+Lti1DnY/sIb03SeqbpnLOY4aLx"
    "7dGQEyaI2wS6/eQwxtzYW0e9deUhjx0jR98ANkvbePmnivGKMx4FRbmnQwKLX3AtG1hqp2"
    "e0N1oAxVtZEZqIAiBrd/SbcwHWTyqg779ff0FV42X71++/rdxZvX70gT9prhlbd/e4+OgP"
    "EIGTzdYeNvdl9zNa8FwzgC1ZtppaCNk6wHOIAzD+HgQgRxNL2PBuMIU39ml0M1SSRx9XGl"
    "u8H0QTx1swh/sGyI7vEn+MiA7pBX0rAOOaj6m/OdbRlL/RgB/juYRMHVaHOytVW4hSZWLP"
    "lAfjV0GQI3rcFNq600eNNXIlsA2eSq5WNLp/BE0x9Wmm2oiblM71hNK3UlbJu9NW/O01c0"
    "rN0zfOgPoa8dsBz3NoRzyN48y4+EN/PZkESzQszHXHNcaAMH2j+QDh0QdgEQBnA6hboLpp"
    "YNNLDQbJfMCT7bUb6bER7hsQ1/IAdRRuXetlYOIJwL/AEJY0LYKHwPA3Yl7O0UINcBZJTZ"
    "LyP8DBlP+jjSM70BMUXCGGGPC3JOgWORR9KnwBV5RwOCJZmf5DUwsEz6IXgBgBzyWbfuMX"
    "JIt5oDyFoxoYgtkizQE7JAc0dTbTiFNvQ3syS+NzPN5gOcIUxhTX7EEW59ZEv5qZoQ37sz"
    "8vXN6xxsv7b6N7+1+idvXr9g2x9ZRN7G0fXvNNmtJHekL20KGOd8ESMdp6khyBcFML4QQn"
    "yRRth/W9VAjm4tsasuoK37u3gS8TbUyfll8kHP6yY1CIbXz5nf3xEOSM4ItJWbzufW7cnl"
    "aZONgfNvIo/D+Ni8Pk8PQXAOlNiu4ySHY/9fVXrTjgBdLgz6y1WNN4vJHRfNIR/XJGV64v"
    "qkZ8GHI5y6ZOZoRg+bj/65nIPrsPNZGQxbn+/o4+YOmckMv9ZQoXea7Opj6urJm9TOE3YC"
    "vnWGvwH6Ffyz11UYvJbjEubKSbQb/pMKGA1t6VoqtlYq4aZiGAWXo7ePiSIec1dSkk4Q7W"
    "YpHT0DlJGjxVJJ7KgOGWPVY4yzo3Dtd/HhUx+amsvfv3yp4ybs7o72doRLTSQWJiatLzWo"
    "TOreEjLF66sVqDrqgldW8s0s+ixwPQyHFvmvqPYh6ueolnth3UNinyuge9hOn7BAQ+sB4g"
    "ZPnRDcO83VJiwQEXqDZmu1CfREY9L64LfWy+blG2BN2VcH6jZ0qYD9ABfue2pzgFP0cwyQ"
    "QZhTRH6OQ4R3ph0gLJWlsxWW1TLsvnsp11dLrvcGroyYGVHsRsh8WngTIuarNwVkzFdpVi"
    "8SMumtJEfOlrI605xZGYiTVLWDeffqkgfys/gAK3g5zxyFCbAD2iqrTBp3rf6wq/TVLwOl"
    "fwXi30a4r9z0ujed205r2Ol1r0Dye3pPf5p1wP6WWAFB+yoPyoazv3l+XgBd0koIL7uX0h"
    "cS8XYzyT9JKSX/qkj+/vYcE/wZamkFGjkpNhn1JOUORt1/3aoM+pEMMke9kx1lU3Ncdels"
    "NM5pWjnSVR5pMlAl1Xgxio10eBUbzD07w1C0suCW99jwdApfnEJ6k4pBXFRxEptZlfLYYE"
    "6VQpeN6O5prpYl2W6tmmV8YtkGtE8BFRZejKniwxtPz9kBA3YbEIkNWJj5g0JsLOdgZq2o"
    "awWwpi7EVCPCPB6oNwQ0stqWvT2F62PKOqN3mQCUdjD93tCXjmvNvSZJJhH5zaWW5lBamt"
    "rLt612W+m2v3y+AsGnEW73br58VrrDKxB8qoYsO0Wk85LybJymygOxqUx7eVlEpr28FMu0"
    "9F5KprUw2c9cD6gSWKfpaoj3q0I6hFc5OoRXWR2Cg/6Pg7Nw7w6aSy9sjieGM9Oal2/KzN"
    "qIoobzdfcaX3pUcqzGCGv2o8BTy6dIwTt5dD2T/ZEBnAPo9W3vOiHyEhyvO91W/8+Tz60/"
    "XiTk3tte92PQPi7OXv85VFoZ9yLT0gzCBk5K+SWmyDaa3hUTotKnX5HpTVrlnH5ZD1Cp0X"
    "2GGt1A6CqnBUpRyROZcyIzcbccrHESqV1bq12LKwy21LDdxLo6snlbVL+WWrPrI85Cfc2W"
    "2PaCfo5r8hbFNb5oE6CSFwDdL7e3T6a5XBrIVX6INJfR3dNczSVtp8IfhVWXPQwBaWw/Br"
    "5bFD3zDIy9aC+HqRk1YCLHpS3G/xl5E2xEuh81JnBK5pf3WZu60B41/h6DExf+dGn8F/2J"
    "L95nFJkHeOYIjylDz3pazTSXdLeCk5llPQBHe3RCR7Xl5C8aBqcxf7QV+UOu4vdg7EAyq8"
    "k6CYLgFtAOouQAwiNMiT11K8OavK4NwcpGLlWxnozZSA2CPl4UdG37nnZH1FnMTlyvegq+"
    "Cy/HZza/SXpT4beKq/azLUppdq/R/XNR7v6j2by4eNs8v3jz7vL127eX787D8zN7K+8gve"
    "587Hi6zIjFXK8CFmvB1quAj0ET1uj120pfHXy5/twZDpX2FUhdGGH/ws1vSvvLbaxFcCFo"
    "cdP7fHerxPoIL4QtWt0b5TbWR3ghaNFVlPZAbZEHdz2vKu7lESYfWze/UeW0SjXXpMP0lR"
    "GmblrqTV9psVeKf/PvtW6Gna+xu+F3/36/d6uoRFLsfgybxC/5rdpKup/YlREe9j4p3eg1"
    "El+Du33lK/kb3vW/jvCg87GrtNUOwSH86F0lH0izD+Rxbe9e7MII37UGg28Euejl01dG+J"
    "ty/Vuv90lVuu27HlkH0SuK7vBogv5Fdzg0bcWfJKI7Ec1AIY8eEtCHyTdLXieIDFsfPrDh"
    "o1Mm/o0gTGRDAiz5fxMzxkWzSPhjUxz/2EwrGFJbfxkNQ4q0hiqGI1EpFPIqyYsPyzu/dx"
    "AiVjEZ4pAnecwW4LOJ5dCPU0nsN8WeiEaWrW5jPk/2UGkOKs9JnJ1F/pG0zmWctP5zMFQ+"
    "k+bsbzXM7t5AlDW8J6mqPHxVMj54qAndEfP2rQyp3Ly227xsOC0/4X2i+tnadm9JJpwUYb"
    "Y4Icg5GEckEuH1CItNL3kbSU2tLwfeQ3INinnw78KmKEfgKsepPw99eX7u4vwMvbzLczFp"
    "UjkKm44CxMbCQhuMQYpQjsDGZ4Bndcui//ug1xXs/hFJWruHdBf8l9nu9iU7NX6ZLrFOsQ"
    "WTJTJdhJ0z+rxfG3salhyEKUQJRV/A6ISudDEe6IbjSEc7uC7kvCgeDYHrYrmhqNhSOATm"
    "G+VzMqCJfkAbbZvI6Ztnjm573T0eoaKhRGKiXbpJuLMBEa68d+X4SUS3T/MdJdyZ6sRarv"
    "WUaAEH3WNovERk36FOATQUy3G16RScaMYc4RfU/SBwEqAcGjhZWLarmS+ysVzbdEaz9NL8"
    "vjqZPoj80Ww6G2lOXQ0b1hw8wMf3wKKpeWj+3SA1D6Lpcy0bGn4CXt1aRP4XFBVgLSB2AL"
    "ZG2MflDCg/CSSkIxpPRj0x2BuOAXkOGNOXYv4VDnRPqQfFmGpBx8y/4gy0qWMN+bGsf/ID"
    "ATmumXdF2DtL/3NvWcIYtIx3BHt65KMgo8wOHGUGH0unqonTyEQ1a1UhtQ/kS9oZxBaJat"
    "gUdMeeRunWCgeYJaiqPByVmfcymmETRvjoXA1YuhEHQrxpqpIYrRzqSg8149XKxVPESWqk"
    "zdld+m6Z/mV7QHMCVDzxIoNu6QiKAe2n3tlf4kt1fWiKzKtz9Hl10mnHOaoXTmZysfolnR"
    "W9oAoGA/hzYSIdufGCQ2SMXa/qEFVSaGDw6cspsH5A20ZGoILwBxQEhTg4Kpkdd86v3Biv"
    "BrXwS3vJ6o1PqdagAxxNwhRLmlfbJUn4HKu5vGqWKOcSTv2SlTJTZDJ6mVstk+0kZatlxo"
    "kkrgWqZcZ37y25mUT5wCODuSgzk167RepmhtUut+UWn0HdzPj6TWDbJ/J7v3MzfDJ2MQjQ"
    "5/GJseD9HAYx3mp9AkbCj+XUrEzWnKRsXFBr0qfzrGNBcclk1sWdds1lCmPFWjTdKxOnE0"
    "Q4SRdjLQOfdZlt8dAMo0xWv99k9Yk1UALnNF0N8d695YVsTe5S4N2+3uYYUR8O7AYLWlYa"
    "5QD3qa6A93eEB18Gd0qXhWSHH6thdXSg5nJGJCcU0G8vWXiOaOQfwyXwjFHIGqIZZ1FpqR"
    "VCXd+8c7JybN1GnWPEzRThRPOFycR35spKjjzNKKdhEncgzZEcJV5VCvXWANccJZ6wNOqm"
    "BskjhLiwiklcHjVSMa3ZMqTltxjW4s2ydJ5CXozbluEKydIpNZnuiak7s0xq0N22Prevt6"
    "yf+jkbs70lVEUzjR4lQJ5CeEuE+qyTOkF0CKNDsPRybA+x1bneBKHGjFJFwoT85uBkYaO5"
    "RrOc2rQY00sLv6BxN36vgO43zikwkQ6xAw0WDqOZJgvaYSodXtTQTvvmGiPihhfpoFIFe4"
    "NUuYihP07hW6b6P/z6ks4yMt9/hTih023z/UtPmVp4yoTx/xxuNZ4bQMymGvFWxfL9zzVk"
    "AmsVMIZ+5dD3QHPB3KJJ971wb0gkflZslKW/Z22yPOkuOtygAKlkQQ8a+l37uGQ/jXxfjU"
    "qNZq+NcIdmiqfJ21kmVPVWabWvAOfiCPsp4/0MqvFvm3gZNAtl8cxJ4plx/LChjhaI68sq"
    "drFJEFV5QDf1Z9pHttQjdLGh7jCd7sdGyVXkk10B/8MID1iBXvr/CH9odVhJBe/vJqtgD1"
    "mDXRfOF6XcbeIkh5MDzit9cqRCvKFtWxy+fwh/CjBNUtUhaWqeJkL5Y5hQQmTyVyXKbwbN"
    "00mtkrjPoeMQDpMr1Ir38yRV7RK07KXutEPjGcrr4mJkO1DEHdFsr5DejeP0wlG8SXXrM1"
    "S3Sg+3uo16EQ+3p6j6Wrnh3a8a+NB1SasGb1EdpbAw6RNnflAwBdZoGQY/42bi/mmeohJ6"
    "LenyLJxzE/vWbZZmwfdG+x8HhIGlgKDEancKtJObdCATN1RnYznNUUrKhALSRnoMuMqEAj"
    "KhwFGgW2EzaaKgNpcNSTTI50NoUzVeQHE9I0LzbVMlJRhHldjPYkXCEbkAXJoJIOIxvMrg"
    "74GrPZCbK+TOqGV0uXCg7QLEOJIMv7Kn54wwa0QaWytMy61jR2MVFPz0BVFneDmfQNsBU8"
    "s0rRWI6pxT10G/1rluzeeIdl0wc7eQLXrC0qOVZJWeuIY408L/0MxlyVqkSbo6nfsHGJAM"
    "d/A0G2wH/0Be5Alvd43dzd1aUbJdAWdpC8OXVC8GTIQf6M6mzyzLgWxPcpwV2XvASdQrdX"
    "eeWva95bpkqwtacOsr7KZjWmuBqr7YRhiUUvCrJtCOyY7JMn1H5RXes8oIVB04BnOyIzPh"
    "0iGvZUJax6FwsQNZ4WBfUo54A2RDWbrGQZKqdkY0me1dGtI2MqTBnwtEuttgmJOUcpgrPc"
    "z+aVfabObsch1Le/g+x/fAaeertlr3rAR8kvToVcO4qI6qovnRf7cmDY7cRC+f5glMf/kN"
    "1me4NKCxXED1AT6yomveuDH1DZVFHPJcsEDQy1JOZJcH2ohqfWxA2i2hAdwV0nn5LXfYcc"
    "Eibi6bxfYSq9rUlVKOdObfsTN/nybzi3vypy4wt+S2qnxudW6Zc7L/eYRbd3e3f6pEbul+"
    "pKkCY998mk73a2fo+/SnLqRXVhHZ6qJZQLa6aAplK3orVTs2XM1lRNgkVe1E2FfNd0Ucx5"
    "vvxJ7j9F46XdOjafHS24gL9cZIqlE2mT62NmWTw5Nl0zCLA2eN3V2URf9Lt8uu+B9GuE2E"
    "gStA/5dxF88i7iLipjKI5svhCUKpaqm0KG5a+gM01Empsz1BVIfQmgOc7SbUHKgusYvMsu"
    "spRSp1W5VeUDJa7Umi1aQFSLy7HWe0hYyxeY6jXtUYm4ptrzULsakYusceYePBzrEehOOR"
    "k6OSFaFSwxlQxOXKo/EDXsDYy1Qa0/1fsXQ9fkUr6nHqJPP4CCJtdtdvIfeoxIlAi2Cdgk"
    "R9LH6DeFIyZzmZIzfbRnQ91rmQNEzWEXt8nFi14RTagd9x0KM0gBzUAHKMCVn6vRtlMNhE"
    "WxhSXoHo8wjf9GjWoiFVDIYfR7g1HCpdlsWoqyisOFL6yggPbn5T2l+YSjH8GOY7Yv0FHz"
    "fRNTaLVRTLKSiWSdiQWqxlGM80bQ1Zz+NlNaWE8UyHWbdorYQNFQgpWqmgq/JIs2Tl6gRO"
    "iSxTghNKk0k3NI7JyANJYDRaA63IYiSRpVdMhKF41or9A9J0h3cSeJptaS/uAB6Ygum9bg"
    "yEFlE5BCWGYG5hd2Y+EnQdV7gc2lBHc83kj4agh/SoeF2c+V3Va2Tayk3nc+v25NXrU88R"
    "jAwQ8hRXwRC9zsg8CdxEfgGFgReuBol7Hu6eQmwb4KMeJPJrkNeXNtWrlXKNiNNU2aN1Q9"
    "eIiyLOpWLf0szcdrSk+rIozBnCGmK9+yhJrsa4KOR8dXMNPBX2jTqcTqHuoh9Q5dUMp6oF"
    "Qchiii5PrXCEkz1vt24NlWz2KPbb6Plllz4BOdRPc/o1zs/Oz0vq25/s/NMWCxNtpBFLUk"
    "p9WJX1YTo1SZnmZprPFK0c6SqPNHV3x6wSsA01h3cYiR0UebR1OPwP7qYoa/DtSUMqLnZd"
    "1NdB2IHEm5fPMyfT2kHTrNUM18g/YPJYDlwOpUSYF9jE/MXKYZugqU96wH35j8Yc27b0IL"
    "2LejqyaVvUiTS5JwpypPJ4iB2g+8zLoPLxje+ju5vBNc+iwjl8CkDN4bkk4gURF/OrpfMs"
    "J2RETZ/RXjnerNc+8YdPfWiGOTkFucPDjo5WKMyMQCotBiuSi+CWQMVL8tZkpiZw+suabI"
    "mQn/KoJnMoG/eR5kyzaPUwHFrkv4L7Xz/s5qh40qIbX4IXL7LXbRVLEzCgnGiaGG8qjqeJ"
    "scJrQ2nEUG2REl0GfOwh4IP9zcAqtp4G7WuXCKl5Xiy6Ii+8Iut5IYO5axbWKwrmzugQij"
    "CpgUi3JV9RQ+E3Gya9JUZ1q5GXjO1xtsannqImR126JU6bs6THANEKTmaW9aBCbCwstLXs"
    "/M3rTvF7qxNqpaLeC1U1C4ANZKQCqokSZc2OSaosL9SwbUss2AS72lrhRg0SThdJFrAgm6"
    "6FaaB+WCXqDIzhXENmmDKYFUOxVtB+qWsONAC7e+VH/QNNty3HCYgdXuaA3T+E1m0ZB2Vc"
    "WG2OMTjR7HsLN1/Q3ro04wBL0sU6poj4BWKceIUYd2Zby3tWTyuqFVM4R0FMmAwkCpooQM"
    "p+z0f2e2r5Y//SH1uHZQAOCeqI8GURh2TSSozwZdYlOdgHS6Nc24TOe8HZtsyN0wcHtFWe"
    "041W+3OnewXYnxHu9dtKn6UFCT6N8NeO8k3pXwHvb/qkLjIyu08VfITZWlo3w85XpVFyeF"
    "gqeZo/xf8wwl4/ZMTY3xFuK+xTi7WKfanGQCXYrTJ7VYawDr6q6Q3rstCGdZmzYV1Kxetz"
    "Vbxmctaa1j3CGwx8hlgGAVQ5CEC67UoHyIrZ83McIAvk0UzVWt3WbWmBhrSbo92k8hXVDn"
    "Qc0u+2IC3d2cDrqaY40ZC2w1sZjxGpSIm5JU7JguA12epSk0ozVGmUXbdFhY7EEippmd3J"
    "mpM4bW+LLWtgtJEOb5Hjdlw4b/BMjIkGp7lGRtpUpQnSVBQ0XmtnHM4g8BMfsdxqgPVC7Y"
    "KA5hukpUepwW5hW8ZSdwHC/lfaiLX/QfaewDSXMC7utGeO0e97w2/A5qLXi2fik96eT2Tx"
    "Y3OPjSBHO5KXeCRJ+CwzbjVLZBzxZ3tJ5USCSConOBGv/oZSDtckkcR1vdIntm9vq/QJTs"
    "evUZdHhnVR7U9ymvG1P5w9Yicghz3VFNvk1lg6LPAgDGIww/N4xNgqKMQmxhZiEY80lqc/"
    "xqG9Zx5cXipHr5KM7y2G4QoSBm41sxzIqMBMc4BuzSHPB21X3crYn2pxg1VN6FeF4D0uK5"
    "hN5yftzOLZWy8780YBPlTM3zYwI61fOLJpIBWAVVVseUwjl10J+ck8LiVqJMOB68ISOA/L"
    "LKpi9zS/ee2caC+aBVzSLpriBOHNtEZI+trv19f+gfw0Pr7rHWED2ipj3bjrdz63+n/SSo"
    "Xswwi32u0e81lue/VJnt7NdY6wyoogldiZEzRSOcdRetJBK41qnEaiKlJ5FuHhvUxS0CFM"
    "ynb8acswLOylk9ImyERubVMlaf6PNCEVqrZ303o2wJG7jJOGhmds29ZlK+zuLjDd1RG1mW"
    "UapJMd+bfVT5ueDJnD9O3JbmdxnHrL4KV4HbHFWVewPFW81OIUQ2sCHWRA1ZpuixVbgNes"
    "t3pjJYFa70a5Qu5O2C8frQHrr/ZoTW1rLvF6Kq2qvyTFutVoza7VsKrRVrHeBjy2qBp1DO"
    "baI5hAMCMvDTx6MPb7G4MT+jCqN1CHvRdZg++GfXA9AGNaYtar9P97UvUuG4Ny3lNxEqlI"
    "4NUPkb5+BwlElO5Su3CX4rqieVuzRHY9svHdsGyA5wH4Dp9ZE/MdETe3nu9worYFfM8Ym0"
    "Dk5blmP4KxYy1tHYY8hA0XpqZDwkeQey4tXRmyEAPlVrkZql3lG4cV2V23XO7E68778ZRY"
    "cidPa3xmw1GyVlScRp6jHP7Em9rlUE3QSFTXcyfRTiKP0HUFduIrdj1v4u/MEtn1yCZWbZ"
    "W4E98zj8OWRD57Yn4kKiYiHc2Oar/MPeuh5qqa8dfScfnpkMUnfpZSnlBcvQRjmlW6orLw"
    "FvOMSvdRaQ+pT4pypyp/dAZDlrox8ZV5S6nD3pWvshzhSEC4igkLaQnkafyoAthLemOmyO"
    "qXKnD3bpm+BOmUhTpNJ7FejzVzBaKAcWzpvw96XT7SSap0nAzSXfBfFpS2r42o8ct0iXWK"
    "JZgskeki7JzR5/3a2C+3x4OdokR7FldyTxdtP03GvtAO0pXcmZugOoFTwlCXPIbjZPIM5t"
    "XAZiBpU5enXl0DbUglkeUgayIMxbNWvJ2k6Q6/oexfUDzY1uGBKZje68ZANL/lEJQZAj+B"
    "D0HXcYXLITe1i6CHZ5nj5XWJHC8J3ARroDjwwtUgcU+HXLO8A3qpkg9xmirLsJvy6kVYdT"
    "GnnpnZjqbacAopZKWC1jKENcT6TZHyGm/E1TXeZIprBGmDN4KcS1w/aXT3qFc1+UWFd+ts"
    "+ouFbbHfpuozansoeQByqJ/m9Gucn52fP4E8v+H558WpqMIsXULBkkcqpUuOdBmWaWQpV0"
    "uizCeWOHNwlulzxFDXK31O4uj9uUA21QCUHvUkZQ1H/UhGOcAkd5iDJTp5LOd8lKGTWydv"
    "6wzO8nLYJqkkshxk0XxhsvObBUipLPN6OR8QYQcSb56jgqzktC8HkFQe0bIxKgJ6ibasm1"
    "WCmdlJ3Sze0bcDcEsUNTpWdFNHfgF4Q/5rd7P3i1NvjNMs63qUOUyChLsg3GIGq0jadV52"
    "7a19y59NmnshV7DfrOyxYMWgElZyzILUBj0Mhxb5b3cltSpmGMnNa1DCKX9AZngH31hL7D"
    "J/+IxvfrLBaZ6LvkOaIkzeKWq7NmSQdv8SYaC5LpwvXCeoN/QAH8HJWDMMGzrO1S9o8esY"
    "WDYYazrr/uoXmq7x16tf4FxD5q/jF7QwkQamiAwFWJFb1iobR7jHZ43wiKBEDgC6H5HLGj"
    "lska6ZJulZw2C5IFux+wJ4jhUsS35Q05tmzddnUH+AxilwLEBGNMipf78k7wMdADV9NsJL"
    "B5J+2Av7P+CUvggk6+8RkO7JX1qlSSc0Z2DsvZdKtizbHdNnfMHoJ2lGujecbfPwE8DKWC"
    "f95vXLD1sohelFTgrTiyCFqThEIj6QnP0O3QsltzRlnQS2fzSbFxdvm+cXb95dvn779vLd"
    "eSi5ZW/liXDXnY9UikuMD8cS5O8YZew/MZI6IX+o1Jv7jEQbuNp0yrhj3oEX3sw/7Ggzde"
    "kUPeha4Ack69EGZFaY1iOEtEAKoEemQ7dx12KngmbMEX6fOSDIEaLZ9xZu0lIqM16E/G47"
    "l3Fy1YqTY5xHmSM3JKih71XzsogbEGklzhx+mXUEooCpJRmbBFHt2Ju94BxsPCrda8pgnS"
    "Gs5cy+LIT4ZQ7il2nEkaNqzFWNwz1algk1LNib43QpsCeEcF9oBxP+sHb1617vNmFSv+6k"
    "uMLul8/XSv/kVcpFS7qzSHcW2oWpOa5qWvcIbzDwGeIdjH01FVZVH2qhT0sJ0SUe+edQ3e"
    "i2me+X7mzg9XS0437YBKzf4GRmWQ9taCKqHmtwxLx0k9M8YW/lNaaq7aj1WpGvhyFVz9Hq"
    "mCtoUCmMKu+IoLawCA5XQAPG0qaPAH9ZE6qMpJKZ/yhgaphThnP7Lqmmsr2kAiLE4E7ptj"
    "vdj1Tb2VeG/T/p5xVyZ2CM4U9X9XUY5O+YSYxUsYkNgC1AYQCEd3DgezAOVB3jEWYKU68M"
    "6F1vMHTAXDPgGWgBGwbYMZGTFgkFtrUCU/Jo2toho+P/spPw+9h/85fIGAsTuKUE0+9UMn"
    "e9OPHUj2iQpt8bAVi0QfLAJdIoa5G9WkrazdPJ1UzgPYgaLid9TDjSWSlifVqTiPpwokTD"
    "X3GNcuMSkF0FK5asYeW281XpK+0rEH4c4WAVX4XreYQ/tDq3tJn3N72lFJFLdp/b5GgUqu"
    "f7XUA7c/Mi3M2CPAGqojUhxJVDuRG8FeM7dp5qgLLo0LZ5BVOG5JzJYexDqjpE5OXx8cof"
    "wwQLnwltD9n42173Y9A8He/OwT12hm8iWSXJpWxVNdkqUSIzxbOVHG8OuRzvKo+3aVHXB6"
    "6boVgZnCCqw66a4rea74owXM13Yo6L3kttpFRaU4l4xrMkrdlEk6RyQVV5QUn187MY5kCN"
    "wY3myFNBpAjr5JtyYK8gpq4qj3+MSoJfCvycSJu4Vm9LN25fM6zEejyyESnqxZ3aCta7zb"
    "O5uwOIW0sDuUrQWV3RjS30KuVhT89vsXEkvgTWG0fiS3C9ceTbDNoQaMAP+wIrjRoOEPnH"
    "cHOY/QAaZ2DsQMKYuGPfne1kvJqRK+oY/C+YELb0zWtq5rhogsmjC50X7zMmk309aIRZtj"
    "bSs215ISi0MB78gayloya78uvmIRcwHjrTzmOtx9RO4s0SY4QDNMEDhAvvfam95GTst6BG"
    "mRd+f/Smb15B0AEa+b0Le4nJjypqM4kFKkrrR4VOvNMc68fSLuUS6Devo9vUeSFHfNpM7D"
    "h1fp7JsRR/uRJAp8jqp564LAT3ZQ7al1mwvdPS6yoDtjiLbIpMZgbPV8BvkFvWLxXP2enz"
    "vAdjVNJ3sLjvoIEchptKDmGHt+2ITU0c0jpsPYe2N3kcWZn9PqKo4dm6h0SnSd63DNIc0j"
    "pM8QMjvpkNQNiJtAZUWU081ZBJfqvqIG5K4fwxzxDLsa7yWEvLz7MY5uXC2HCYk5RymCs9"
    "zJGer+wwJynlnl3lUZZpD2UivorZrYok4isS/BRZJDi6oxLhT5xInZogv9cYqBaBXp81ON"
    "Y9/85pnlFPi9rIcsvHtAme5liMhKnuxCoXcY2IOmi39hJwTxdVCYT95jVE91UhO9GrHDvR"
    "q6ydiDzR5TqhiG1EMRJZZbCkJehJMzb9/f9W9BAG"
)
