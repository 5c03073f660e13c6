from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE "partner" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE "agreement" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "msa_reference" VARCHAR(64) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "default_discount_percent" DECIMAL(5,2) NOT NULL,
    "revision" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "partner_id" INT NOT NULL UNIQUE REFERENCES "partner" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "agreement" IS 'The master services agreement in effect for a partner.';
CREATE TABLE "partner_user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "email_key" VARCHAR(254) NOT NULL UNIQUE,
    "role" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "partner_id" INT NOT NULL REFERENCES "partner" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_partner_use_partner_e73346" ON "partner_user" ("partner_id", "name", "id");
COMMENT ON COLUMN "partner_user"."role" IS 'ADMIN: ADMIN\nORDERING: ORDERING\nVIEWER: VIEWER';
COMMENT ON TABLE "partner_user" IS 'A person at a partner. `email_key` is the lower-cased email: unique across partners.';
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "prefix" VARCHAR(16) NOT NULL UNIQUE,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "last_used_at" TIMESTAMPTZ,
    "user_id" INT REFERENCES "partner_user" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "api_token"."kind" IS 'PARTNER_USER: PARTNER_USER\nRECONCILIATION: RECONCILIATION';
COMMENT ON TABLE "api_token" IS 'Only the SHA-256 of the secret is kept; `prefix` identifies it for revocation.';
CREATE TABLE "customer" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "account_code" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "seats" INT NOT NULL,
    "version" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "implementation_lead_id" INT REFERENCES "partner_user" ("id") ON DELETE SET NULL,
    "partner_id" INT NOT NULL REFERENCES "partner" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_customer_partner_bf2738" UNIQUE ("partner_id", "account_code")
);
CREATE INDEX "idx_customer_partner_caee88" ON "customer" ("partner_id", "name", "id");
COMMENT ON COLUMN "customer"."status" IS 'ACTIVE: ACTIVE\nSUSPENDED: SUSPENDED';
COMMENT ON TABLE "customer" IS '`version` grows on every change, so a review of an older version is stale.';
CREATE TABLE "price_list_version" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "effective_on" DATE NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "price_list_version" IS 'A dated price list; the current one is the newest whose date has come.';
CREATE TABLE "product" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "sku" VARCHAR(32) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "min_seats" INT NOT NULL,
    "max_seats" INT NOT NULL
);
COMMENT ON COLUMN "product"."kind" IS 'PRIMARY: PRIMARY\nADDON: ADDON';
CREATE TABLE "addon_attachability" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "addon_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "primary_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_addon_attac_addon_i_8b4acd" UNIQUE ("addon_id", "primary_id")
);
COMMENT ON TABLE "addon_attachability" IS 'The add-on `addon` can be attached to the primary `primary`.';
CREATE TABLE "contracted_price" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "agreement_id" INT NOT NULL REFERENCES "agreement" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_contracted__agreeme_4dc454" UNIQUE ("agreement_id", "product_id")
);
COMMENT ON TABLE "contracted_price" IS 'An explicit contracted unit price of a SKU, overriding the default discount.';
CREATE TABLE "customer_product" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_customer_pr_custome_48d7bb" UNIQUE ("customer_id", "product_id")
);
COMMENT ON TABLE "customer_product" IS 'A product (primary or add-on) a customer holds, licensed for all its seats.';
CREATE TABLE "enabled_addon" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "agreement_id" INT NOT NULL REFERENCES "agreement" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_enabled_add_agreeme_028a32" UNIQUE ("agreement_id", "product_id")
);
COMMENT ON TABLE "enabled_addon" IS 'An add-on the partner''s agreement lets it order.';
CREATE TABLE "price_list_item" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "list_price" DECIMAL(12,2) NOT NULL,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE RESTRICT,
    "version_id" INT NOT NULL REFERENCES "price_list_version" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_price_list__version_c17c1a" UNIQUE ("version_id", "product_id")
);
COMMENT ON TABLE "price_list_item" IS 'The monthly list price per seat of one product in one price list version.';
CREATE TABLE "product_beside" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "other_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_product_bes_product_a1cca5" UNIQUE ("product_id", "other_id")
);
COMMENT ON TABLE "product_beside" IS '`other` may be held beside `product` (mode ADD_TO).';
CREATE TABLE "product_switch" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "source_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "target_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_product_swi_source__d82dfd" UNIQUE ("source_id", "target_id")
);
COMMENT ON TABLE "product_switch" IS 'A held primary `source` may be replaced by `target` (mode SELECT_NEW).';
CREATE TABLE "review" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "seat_adjustment" INT NOT NULL,
    "primary_mode" VARCHAR(16) NOT NULL,
    "primary_sku" VARCHAR(32),
    "replaces_sku" VARCHAR(32),
    "addon_skus" JSONB NOT NULL,
    "seats_before" INT NOT NULL,
    "seats_after" INT NOT NULL,
    "lines_before" JSONB NOT NULL,
    "lines_after" JSONB NOT NULL,
    "monthly_cost_before" DECIMAL(14,2) NOT NULL,
    "monthly_cost_after" DECIMAL(14,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "msa_reference" VARCHAR(64) NOT NULL,
    "customer_version" INT NOT NULL,
    "agreement_revision" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "created_by_id" INT NOT NULL REFERENCES "partner_user" ("id") ON DELETE CASCADE,
    "customer_id" INT NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE,
    "implementation_lead_id" INT NOT NULL REFERENCES "partner_user" ("id") ON DELETE CASCADE,
    "partner_id" INT NOT NULL REFERENCES "partner" ("id") ON DELETE CASCADE,
    "price_list_version_id" INT NOT NULL REFERENCES "price_list_version" ("id") ON DELETE RESTRICT
);
COMMENT ON COLUMN "review"."primary_mode" IS 'KEEP_EXISTING: KEEP_EXISTING\nADD_TO: ADD_TO\nSELECT_NEW: SELECT_NEW';
CREATE TABLE "change_order" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(20) NOT NULL,
    "submitted_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "completed_at" TIMESTAMPTZ,
    "seats_before" INT NOT NULL,
    "seats_after" INT NOT NULL,
    "lines_before" JSONB NOT NULL,
    "lines_after" JSONB NOT NULL,
    "monthly_cost_before" DECIMAL(14,2) NOT NULL,
    "monthly_cost_after" DECIMAL(14,2) NOT NULL,
    "monthly_cost_change" DECIMAL(14,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "msa_reference" VARCHAR(64) NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customer" ("id") ON DELETE RESTRICT,
    "implementation_lead_id" INT NOT NULL REFERENCES "partner_user" ("id") ON DELETE RESTRICT,
    "partner_id" INT NOT NULL REFERENCES "partner" ("id") ON DELETE RESTRICT,
    "submitted_by_id" INT NOT NULL REFERENCES "partner_user" ("id") ON DELETE RESTRICT,
    "review_id" INT NOT NULL UNIQUE REFERENCES "review" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_change_orde_updated_c13497" ON "change_order" ("updated_at", "id");
CREATE INDEX "idx_change_orde_partner_c64f50" ON "change_order" ("partner_id", "updated_at", "id");
CREATE INDEX "idx_change_orde_custome_f38993" ON "change_order" ("customer_id", "submitted_at", "id");
CREATE INDEX "idx_change_orde_status_bfc588" ON "change_order" ("status", "updated_at");
COMMENT ON COLUMN "change_order"."status" IS 'PROCESSING: PROCESSING\nCOMPLETED: COMPLETED\nATTENTION_NEEDED: ATTENTION_NEEDED';
COMMENT ON TABLE "change_order" IS 'A change order. `review` is unique: one review gives at most one order.';
CREATE TABLE "attachment" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "filename" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(100) NOT NULL,
    "size" INT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "data" BYTEA NOT NULL,
    "uploaded_by" VARCHAR(254),
    "created_at" TIMESTAMPTZ NOT NULL,
    "customer_id" INT NOT NULL REFERENCES "customer" ("id") ON DELETE CASCADE,
    "order_id" INT REFERENCES "change_order" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_attachment_order_i_65e453" UNIQUE ("order_id", "kind")
);
CREATE INDEX "idx_attachment_custome_679e51" ON "attachment" ("customer_id", "created_at", "id");
COMMENT ON COLUMN "attachment"."kind" IS 'ADDENDUM: ADDENDUM\nDOCUMENT: DOCUMENT';
COMMENT ON TABLE "attachment" IS '`(order, kind)` is unique, so an order has one addendum however often it is rendered.';
CREATE TABLE "delivery" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(24) NOT NULL,
    "recipient" VARCHAR(254) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "last_error" TEXT,
    "message_id" VARCHAR(255) NOT NULL UNIQUE,
    "sent_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "order_id" INT NOT NULL REFERENCES "change_order" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_delivery_order_i_96bbc3" UNIQUE ("order_id", "kind")
);
COMMENT ON COLUMN "delivery"."kind" IS 'SUBMITTER_ADDENDUM: SUBMITTER_ADDENDUM\nIMPLEMENTATION_LEAD: IMPLEMENTATION_LEAD';
COMMENT ON COLUMN "delivery"."status" IS 'PENDING: PENDING\nSENT: SENT\nFAILED: FAILED';
COMMENT ON TABLE "delivery" IS 'One email owed for an order; at most one of each kind per order.';
CREATE TABLE "job" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(32) NOT NULL,
    "dedupe_key" VARCHAR(128) NOT NULL UNIQUE,
    "payload" JSONB NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "run_after" TIMESTAMPTZ NOT NULL,
    "locked_by" VARCHAR(128),
    "lease_until" TIMESTAMPTZ,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "order_id" INT REFERENCES "change_order" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_job_state_77f629" ON "job" ("state", "run_after");
COMMENT ON COLUMN "job"."kind" IS 'RENDER_ADDENDUM: RENDER_ADDENDUM\nSEND_EMAIL: SEND_EMAIL';
COMMENT ON COLUMN "job"."state" IS 'PENDING: PENDING\nRUNNING: RUNNING\nDONE: DONE\nFAILED: FAILED';
COMMENT ON TABLE "job" IS '`dedupe_key` is unique, so the same piece of work is never queued twice.';
CREATE TABLE "staff_user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(254) NOT NULL,
    "email_key" VARCHAR(254) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "is_active" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_login_at" TIMESTAMPTZ
);
COMMENT ON TABLE "staff_user" IS 'A vendor employee who signs in to the admin; the password is an argon2 hash.';
CREATE TABLE "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXe1zo7gZ/1c0/tLdmdzOxrvJ3eQ6nXFirudeYmds51566RAMcsIFCxfwZtP2/vdKAg"
    "wCCSMb20D0JcGgR8Y/vT3vz387C9eCjv+hZ1ku6gWBYT4ZM9uxg9fOBfhvBxkLiC8KWp2A"
    "jrFcJm3IjcCYOZTMIO11I0cw8wPPMAPcZG44PsS3LOibnr0MbBcRwukTBJj4GxeBB9rJAz"
    "ANBGb4Lu0MWiBwQYBbLT17YXiv4CG6ePhAvsFyTfwVNnqsorMVsv+9gnrgPkLcyMNd/v57"
    "+NPI06hp51//wh9sZMGv0CdNyMflsz63oWMxWNoWIaP39eB1Se8NUPADbUjefaabrrNaoK"
    "Tx8jV4wkDGrW0UkLuPEEHPCCDpPvBWBEa0cpwI/BjZ8O2TJuErpmgsODdWDhkMQh2+QHKv"
    "o+vD0VSfaFNd7+QGKqZIwR3dMl1EBhm/qk9//SN5hW+6p5+//fzdp/PP3+Em9DXXd779M/"
    "zqBJiQkMIznHb+pM+NwAhbUIwTUMOZJgVtmmQzwDGcRQjHNxKIk+ndGIwTTKOZLYcqS6Rw"
    "jXAlu8H8WTx18wj/4HrQfkQ/wVcK9AC/koFMyEE12pxvPddamU0E+M94EsV3k83JM17WWy"
    "izYvEF/tUwoAhc9SZXvb7W4U1fhWwJZNlVy8eWTOGZYT6/GJ6lM3OZPHG7bubOum3+0aK7"
    "yN4xkPFI8SE/hLx2zHI8ehAuIH3zPD+yfljMhjDNSjEfC8MPoAd86H2xTeiDdRfARgDO59"
    "AMwNz1gAGWhhfgOcFnO+S7uUf36MGDX2zfJozKo+e++ABzLvALxIwJZqPQI4zZlXVvJ8AO"
    "fIBHmf4yzM/g8SRfh3smDyAiSFj3KOSC/BPgu/grybfAF/yOFgQrPD/xayDgOuQifgFg+/"
    "jadB+R7eNuDR/gteJAEVukWKAjskAL39A9OIcejDYzFt+rJ8PjA5wjzGCNf0QDtz68pXzV"
    "HYgegyf88fxzAbY/98ZXP/bG784/v6fbH15E4cYxjJ506SOWOzJXHgGMc76IkU7TtBDkTy"
    "Uw/iSE+FMW4ehtdcv2TXeFAn0JPTPaxVnE+9DE55fDB72om8wgWGE/H6L+GjggBSPQ164G"
    "N73rd2cnXToG/r+xPA7TY/P5Y3YI4nNAYrtOkxyO/T+t9aadALpaWuSX6wZvFuMngb2AfF"
    "xZyuzEjUg/xBcNnLp45hjWCDmv0blcgOt0cKNNpr2bW/J1Cx/PZIpfb6qRJ1169zVz9915"
    "ZudZdwJ+GUx/BOQj+OdoqFF4XT/AzJXPtJv+kwgYHWMVuDpyX3TMTaUwim8nb58SRULmTl"
    "KSZoiqWUqNZ4BycrRYKkkd1WvGWA8Z4/woXEZd/PDTGDpGwN+/Iqnjat3dLemtgUtNJBYy"
    "kzaSGnQqde8ImRb21YtVHW3BKy/55hZ9HrgRglMX/ymrfUj6adRyL617YPa5ErqH3fQJS3"
    "vqPkPU4akT4mcnhdqEpY2F3rjZRm0COdGotD75sfdN9+wcuHP60YemBwMiYD/DZfA9sTnA"
    "uf31AdgWZk5t/HN8LLxT7QBmqVyTrrC8lqH67pVcXy+5Phw4GTEzoahGyDwuvIyIeXpeQs"
    "Y8zbJ6iZBJHrEcOV3K+pPhP8lAzFK1Dubq1SXP+GfxAdbQapE7ChmwY9o6q0w6t73xdKiN"
    "9buJNr4A6U/3aKxdjYZXg+tBbzoYDS8A+zm7px9nHdD/Eisgbl/nQdly9nc/fiyBLm4lhJ"
    "c+y+gLsXi7neTPUirJvy6Sf7Q9pwR/ilpWgYZPim1GnaWsYNSj163LoDdkkDnqnfwoO4Yf"
    "6Ct/q3HO0qqRrvNI44GSVOOlKLbS4dVsMPfsDEPQyoMr77ER6hTu/FJ6k5pBXFZxkppZtf"
    "LYoE6VQpeN5OlJoZaFbbdRzfLwzvUs6J0AIiy8fyCKj3A8Q2cHBOhjgCU24CLqDwqRtVqA"
    "J/eFuFYAdx5ARDQi1OOBeENAK69t2du3cH1MaWfkKRWAsg6mv3fMlR+4i7AJyyTaUXOlpT"
    "mUlqb18m2v39eG/bubCxBf3aP+6OruRhtOL0B8VQ9Zdm7jziXl2TRNnQdiW5n27KyMTHt2"
    "JpZpybOMTOsivJ8FIVASWGfpWoj3aSkdwmmBDuE0r0Pw7f9wcBbu3XFz5YXN8cTwn4zu2b"
    "nMrE0oWjhfq9f4kqOSYzW2keG9Cjy1IooMvLPXIDTZNwzgAkAvr0eXjMiLcbwcDHvj397d"
    "9H59z8i916Ph3+P2aXH28rep1su5FzmuYWE2cCbll5gh22p610yIyp5+ZaY3blVw+uU9QJ"
    "VG9w1qdGOhS04LlKFSJzLnRKbirhysaRKlXduoXUsrDHbUsF2lumrYvC2rX8us2c0RZ2t9"
    "zY7YjuJ+mjV5y+KaXrQMqPgFwPDu+vpYmsusYydHfcnx/RTrMLN+p+U0mT0E4NelY5t2kA"
    "7pwqMchHFdxMXLAJOf7k6A+wV6nm3hUaFOX9GQgjjUIa/ArLpzfmx8Ot5uGQVPqvj4Y6on"
    "yQAnk1AieoYlfIvxMqddiYCZ9dSXzEWQIVP8ITcfAd1JZPMRpIkUriXyEaR37x05GSZAu2"
    "Ewl85KkFm7ZTITrPMJ7GrnfgOZCdLrl8F2jEX58eBqejR2MRaBeHxiSjwqYBDTrTabuDE/"
    "VpAVgI3qJ2xcHM0f0RGjcxK+z9q1K+2ayxSmwmEMMwzENTEiHLN2qmVskFP27EMzjModeL"
    "/uwMwakMA5S9dCvKs3ReGtKVhxQhjLuWck1IcDu9O7mg5+1jpygEdUFyD8f48md5NbbdjX"
    "+hdgfZnd/I/jouFDI+CMiNiWHbdXLDxHNIqOYQk8UxQqS0MWTmXZE0PdXsueys3RtlHnuP"
    "Tn0hzYi6VDxXcaAY2PPMOS0zCJO1AWSY4Sry6pUFqAa4EST5h8YttQigZCXEECikTFtGHL"
    "qA7odsesiDdLaUtwSpZex4rsmKaGDU5pyXRnpu6T6xCD7q4ZkCK9ZfvUz3l/jh2hKuvL0U"
    "iAQoXwjgiNaSdtgugQRod46RXYHlKrc7MJQk8ZpUr4qICoOXgX10wgWYxpeuH3wABxr4Ds"
    "N/4JcGwTIpJBmCY7dhyalpiqdDguKtX2zTVGpA0vykGlDvYGpXIRQ99M4Vs5Ux9+fSlnGe"
    "VRXSNO6GRXj2rlKdMKT5k+dGziTsLjVtfPCtlUK92qRM5NCODCsB3gvsSMYZSb4XtgBGCB"
    "TzGaoMGdA4glfprOASxJggbShpdlc/cOt0jxoFhQlcKhwhQOk7vLm8F0qo31JJlD/t49Gt"
    "zcXmskmwNNT6hfa73+BeDc3MaToFsqELMgDjPn3OFB017aXH9VsRsNQ1TnQdvWZ2kfAa8N"
    "dKMhLi+D4d87kislIrsA0cU9mtA0J+TvPfqhN7gmLjXh/21WQfX+NEYQwMVSyqUmTXI4Xv"
    "9jrU+HTE4/6Hkuh7efwq8CTFmqNgTSF2kbtF+njKIhnqD8JAZx89SEviJ5DVjcF9D3MRfJ"
    "FVwLalgxVK3Lx7yX7D0+iVmQ17elyFSuyvo4tnCUa0ql+gZVqsqLrW2jXsaL7Ri5M2o3vP"
    "tV9R46u0Pd4N05vcOR89IyNag4ishsjSqxMpKpjFXSYI4iCzZNpRB5nP0lXRAYo0Qr8gg0"
    "kNt0oJIz1GdjOSlQPKqkAcoO2gRcVdIAlTSgEejW2BT6D3fGYz7I7UKe44+oweYsARa0Vk"
    "uoP8PXbH56WhcQfy9Y2jDM9PTies+kEaLZ6XG7FbRA8GKbvBwBFXa8ucbg79ReQGext0K6"
    "MQ9wM5UDQBlEqzSIjklAdNoamrlBzT59XbvpDa6p8Se63sbk86lbQoP7qStU4JJHmQTL6/"
    "UooylnqVqnKT/tflfGtNb9TmxbI8+yQWuvJEFyHuZ/TEZDUcjamiSrSbPNAPwPOLa/tyO4"
    "89f5CpkESDBb2U5gI/8D+dq/SdpBq1CbE4iKjURZe9AJqx0jHWSNROuzYVtD9IFzZ1Rnhx"
    "7fDYf0TnRBinAMNVKAY6gpy/SbsEwn/FAO0Q0lBdOELdTvN1efnzfjOK75LJ3HnyFqg/PB"
    "Ac52Bxo+1FcosB3Z9ZQhVdbwWi8o5c9zFH8e5YUg3t2aaY9WXghvcdTr6oVQs+21ZU4INU"
    "O36T4IIewc/f96PAoi9WkqXn09A8pE6Yc0kUsAeAjzNaS09xc0aCnK6/tof4E+G80k8EWo"
    "rt8yhgD2RCCpgE8AkyWY3yAdmumvZgs7yLdJYhJSfSgrw0GtDE2MKhmPrrTJZBuF3pryAi"
    "TX9+hqRMKrpkR3t768R73pVBvScKuhptEsrtk726j4uuXSGRdkM855kmeWl5Q7eYa2hRxf"
    "czk8xdi/0WE2XZKobUu5PUOr9GJ1HmmaKUmfwTkWISS4myyZcpLj1ZimIAlsNRugFRlqFL"
    "LkjmMjKJ61YrN8lu7wtvnjbEt7scKHYAqm96YxEBoi1RBIDMHCRcGT84rR9QPhcigs8Cfo"
    "4U1W+vssUemPwU1kji8NvHA1KNyLcA/1ULsAn/SgkN+AvLnyPIhMKY+ENE2dXUG39Ej4VM"
    "anU+zSmZvbvqF7cA4JZFJVoXKELcS6+rJQKvvkvtjzuhXVaDveqqrGngT4tXJ69ioHLodS"
    "IcxzZqU2QjlsGZpqUG28ha3AZ0DVgtljLRiVAFgG3qIEwHx80/todTO4ZJGdpsLMOXwaUt"
    "aoqYiXrGtUJvr42HWN6mlrKy5EE6WHtuGOQKWTUbdkpjI4/eHOdkQoClRvyRzK+/plOdM8"
    "WiMEpy7+U3L/27680VF50rIbH8OLl9nrdvKfjBlQjgdlijcV+1CmWOGN7pNiqDY7LSoPwk"
    "N6ENL/OVjF2tK4feuC37sfy7n2Ffn25dX+KoCnZaEcogCenA6hDJMai3QVlZRs4CwoxXmp"
    "WpIbAFr5O+PTTlGToy5VFTc38vEFPGeprHUxnjG3X0LIlkhb1yT5SJ49pwtQzKLH63Mjm6"
    "6v/PKhTku8fbiIhBkZcXrUD+CBFm1apywjecoc9wV635gGqRhKn15EMUvAMD3X92NifmXS"
    "vXxJmSColOQSs6+2pUKV3pKgcWxmd/+iBl0qMgCvCdqI8D5KOK23KmmUW5sxbi84e66zdX"
    "6ymLbOc7rT698MhheA/rtHo3FfG9OgxvjqHv080H7Rxhcg/J89TMuMTPW5yJQuQwx9u3QZ"
    "yjtqP+yR8jPZt59JiRQVCeaB+wzRrtbhpT0l3bRIbmUTvFn64ZWUzUTKsHSlqNyAUuJco6"
    "BS2spK1pzCaXetrqyq0rNNeG37wSCAiw5PWck0OClUV5KmOolY1e248UaN5fQJgigSjQa7"
    "AtoLrRlPAsBJEQWSKikqZQFsFH0kjWj7L3jvwX3l1ZSV9sytIRU1oHNRVZCqgWKSzj06gh"
    "y5tigWkiV8kyGQXYkQSFVNaj9RINGGIocrS6Rw3Syhp/btXSX0+HT8OemyYViXFdXZaaYK"
    "dVWqBqlvoa7cDC/iEVOroBSbmFqIZWzbNHFaikP7nhqZw9j6MKNmZHdG8AViBu7lyfUhpQ"
    "JPhg9Md8Gp51Vdt8oftl7cIJzPoRnYX6DO2+uJnUNg58vQFVk5Gmf0K2IFe1NNGYreqKFo"
    "K6dXIubv6qyY1S80bBooBWBdFVsh08hlV9b8ZBGXkjRSITJtYQn85xXfHYUPa9S8db4+1R"
    "fhVC6B+3UJbH0N2tvx4KY3/o2kg6cX96jX74+oa1U/TBh5fLephY10mpVWYmdmaJRyjqP0"
    "JIMmjWqaRqEqUnmWz64Afcyk7Maf9izLRWGKBWNmO3bQ2vQBRvQjHUiEKndnx6M3Axx+Sj"
    "lpaIXGtl39kNbd3camuzai9uQ6Fu6kIqet9mnTWc9+RN4e73a8ApcyeGlhR3RxthWsUBWv"
    "tDjl0JpB37ag7s53xYouwEvaW7uxUkBtdqN8sYNK2K8IrQntr/VozT13ofA6llY1WpJi3W"
    "qyZjdqWPVkq9hsA35wiRr1ASyMVzCD4Am/NAjpwUPU3wN4R76M6A306eh93uC7ZR9cD8CU"
    "lpj2qvz/jqrepWMgWXg3RaIUCbyc2srX7yBRY8pdqgp3Ka4rWrg1K2RLFIxO7YZ1KhjNMm"
    "tiviPh5jbzHX7StoTvGWUTsLy8MLxX8OC7K8+Eax7Cg0vHMCHmI/CzwPAwixCzEBPtWrua"
    "6kPtFw4rUl23XO4k7C788YRYcSfHNT7T4ZCsn5CmUecohz8Jp7YcqgyNQnUzd5LsJOoI3Z"
    "R0Pr1iN/Mm0c6skN2MLLNq68SdRJ55HLYk8dkT8yNJgm3laNao/bLwrIdGoBvWHys/4CdW"
    "FJ/4eUp1QnH1EpRp1smKysNbzjMq20etPaR+0rRbXft1MJnSDFPMR+otpU9HF5HK8h4lAs"
    "JFSljISiDH8aOKYZf0xsyQbTVYNctHsm+3zEiC9GWhztIprDdjTV2BCGAcW7q4CjhLdfgi"
    "4J2/zlfIJFiC2cp2Ahv5H8j3/a2zX26PB/teSoNTN0FhTfDCY9gXFwJXZ3ACkqDq9wZoRa"
    "W+FbLkjmMjKJ614u0kS3f4DWX/guLBto4QTMH03jQGwlL2aggkhoApUi9aDuXL3IsXxpvI"
    "8SJT5p7BTbAGygMvXA0K91w1dpJ3wJTKTJ2mqbMMuy2vXoZVF3PquZntG7oH55BAJhW0li"
    "NsIdbnZbKAn4uTgJ/ncoCvi90K0+4IOUUeqWIXOeziuoILzaEoiTKfWOHMwVnlwxBD3a58"
    "GExMydel7RGWXnrUWcoWjnpDRjnGpHCY4yW6LhZe9pTK0qmtk7d1sjXvZTkAhawQWXHR9b"
    "JGXWEHCm+e5VHV0diXRTeTGFDW6VxAr9BWVUskmJlKqpbwjr4KwG1hfeAsupkjvwS8a/6r"
    "utnbsuK5OYyzLOtmlDlMgoK7JNxiBqtMHmVeutydnUXfTN5qIVew3zTLmZLn+TGTr6xctk"
    "ZOzfxuCgOVJbxsJ4Exn4tqKicPT4p8bX3STKqe8heILNcDEK9g9xVCkvwZ+Hit+aRgSODS"
    "vNCGtbBRmDV6afj+Cx5xkjLaQMDwHl3UJWmin3jRP9V2rnyA6+UDrMr4qjK+7cA53nh0st"
    "fIYJ0jbOXMPiuF+FkB4mdZxG1fN2gOeg7j4LqYgUSCvTlNlwF7hgn3hXY84Q9rYrgcja4Z"
    "68LlYJoB+e7mUhu/O824XyjLnrLskS4cA4sFjvtooy0GPkdcwdjXk3ev+1ALzXs5hedxAg"
    "R7EAuh3LwF0ZNCocVI2qgAwbYIB0JdjpiZEjtBKTZKwEaRRSWBcNS8heielkpKf1qQlP40"
    "n5SepPPlBreKfeNTJMovXtIv/qiH2Z//B66CuTY="
)
