from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # Written by hand: aerich cannot change the enum comments of SQLite columns, which live only in
    # CREATE TABLE and change nothing the database checks. Existing orders took effect when they
    # were submitted; existing reviews were for the day they were made.
    return """
        ALTER TABLE "change_order" ADD "cancelled_at" TIMESTAMP;
        ALTER TABLE "change_order" ADD "attention_reason" TEXT;
        ALTER TABLE "change_order" ADD "prorated_charge" VARCHAR(40) NOT NULL DEFAULT '0.00';
        ALTER TABLE "change_order" ADD "partner_reference" VARCHAR(64);
        ALTER TABLE "change_order" ADD "applied_at" TIMESTAMP;
        ALTER TABLE "change_order" ADD "effective_on" DATE NOT NULL DEFAULT '1970-01-01';
        UPDATE "change_order" SET "effective_on" = date("submitted_at"), "applied_at" = "submitted_at";
        ALTER TABLE "review" ADD "effective_on" DATE NOT NULL DEFAULT '1970-01-01';
        UPDATE "review" SET "effective_on" = date("created_at");
        ALTER TABLE "review" ADD "prorated_charge" VARCHAR(40) NOT NULL DEFAULT '0.00';
        ALTER TABLE "review" ADD "partner_reference" VARCHAR(64);
        CREATE INDEX IF NOT EXISTS "idx_change_orde_partner_66351a" ON "change_order" ("partner_reference", "partner_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_change_orde_partner_66351a";
        ALTER TABLE "change_order" DROP COLUMN "cancelled_at";
        ALTER TABLE "change_order" DROP COLUMN "attention_reason";
        ALTER TABLE "change_order" DROP COLUMN "prorated_charge";
        ALTER TABLE "change_order" DROP COLUMN "partner_reference";
        ALTER TABLE "change_order" DROP COLUMN "applied_at";
        ALTER TABLE "change_order" DROP COLUMN "effective_on";
        ALTER TABLE "review" DROP COLUMN "effective_on";
        ALTER TABLE "review" DROP COLUMN "prorated_charge";
        ALTER TABLE "review" DROP COLUMN "partner_reference";"""


MODELS_STATE = (
    "eJztXetz4ji2/1dUfLnpqnQqIZ2evumpqSIJPcNMQlKB9MzssGWELYI2RmYt02nu7vzvV5"
    "Jt8EM2Fk/j6EtibJ2D+el1ztF5/Kc2dixk05OGZTmk4XnQHMEBtrE3q12C/9QIHCN2kdPq"
    "GNTgZLJow294cGALMsjbGzBFMKCeC02PNRlCmyJ2y0LUdPHEww7hhN0RAoz4vUNAXzDpAx"
    "MSMGB3BTNkAc8BHms1cfEYujPQDy76J/wbLMdkX4HJ8yaYTQn+9xQZnvOMWCOXsfzrL/+n"
    "8adB09o//8k+YGKh74jyJvzj5MUYYmRbMSyxxcnEfcObTcS9FvG+iIb83QeG6djTMVk0ns"
    "y8EQMybI2Jx+8+I4Jc6CHO3nOnHEYyte0A/BBZ/+0XTfxXjNBYaAinNu8MTu2/wOJezTDa"
    "912j0+waRi3VUSFFBO7glukQ3snsVan49c/8Fd7Xzz788OHT+ccPn1gT8ZrzOz/87X/1Ah"
    "ifUMDT7tb+Fs+hB/0WAuMFqP5IU4I2SrIc4BDOPITDGwuIF8P7YDBeYBqMbDVU40Qa1wBX"
    "vhoMX7KHbhrhL46L8DP5Dc0E0C32SpCYSIJqsDg/uI41NQ8R4L/DQRTeXSxOLnydL6GxGc"
    "su2K9GnkDgutG5btw0a7Lhq5EtgGx81sqx5UN4AM2XV+haRmws8ydO3UncmbdNPxrXx8k7"
    "kMBngQ//Ify1Q5Hj2UVojMSbp+WR+cN8MSTWrJDwMYbUQy6gyP2GTUTBnAXABKDhEJkeGD"
    "ougGACXY+NCbnYoc6mR3qk76JvmGIuqDy7zisFTHJB3xATTJgYRZ5RKK7MuR0D7FHAeln8"
    "MibPsP7kX8c48weIcCSsHvGlIHoMqMO+kn8LemXvaCEwZeOTvQYBjs0vwhcAmLJr03kmmD"
    "K2kAI2V2yUJRZpEWiPItCYQsNFQ+SiYDGL43s9gq4c4BRhAmv2Iw5w6WNLynfDRuTZG7GP"
    "Hz/kYPu18Xj9S+Px6OOHd2L5Y5PIXzjawZO6eBSXjsypywGT7C/ZSEdpKgjyeQGMzzMhPk"
    "8iHLytYWFqOlPiGRPkmsEqHkf8Bpls/7LloOexSXSC5fM5CfgdYIfk9MBN87p117g9ujiu"
    "iz6g/2b6OIr2zYfTZBeE+4DCch0l2Z34f1bqRXsB6HRi8V9uQNkoZk88PEZyXOOUyYEbkJ"
    "6EFwc4dNnIgdY9sWfBvpyDa7d11+x0G3cP/OvGlI1kgV+j2+RP6uLuLHH36GNi5ZkzAb+3"
    "ur8A/hH8477dFPA61GPCFY216/6DKxg1OPUcgzivBpOmIhiFtxdvH1FFfOFOUZOOEW1mKh"
    "28AJTSo7O1kshWPReMDV8wTvfCVcDiy2+PyIaefP0KtI7rObsHzu0Ap1qWWhgbtIHWYAit"
    "e03Imj6vRmjqqApeac03NenTwN0T1HXYn6LWhwWfg5ruhW0PsXWugO1hPXvCBHedF0RqMn"
    "NC+Ow415owwUzpDZsttSbwHU1o651fGu/rFx+BMxQfKTJd5HEF+wVNvM/8zAEN8fc+wBYT"
    "TjH7OZQp78I6wEQqxxQzLG1l2Dx7rdeXS6/3O05FzVxQbEbJ3C+8MRXz7GMBHfMsKeotlE"
    "z+KC6Ri6lsjCAdqUAcp6oczJs3l7ywnyUHuEmm49RWGAM7pC2zyaT20HjstpuPxlOn+XgJ"
    "op965LF5fd++bt22Gt3WffsSxD8n1/T9zAPxX2EGhO3L3Ckrjv766WkBdFmrTHjFs4S9kK"
    "m3q2n+cUqt+ZdF8w+W54jiL1BLGtDYTrFKr8cpN9DrweuWpdMPpJMl5p10L9uQesaUrtTP"
    "SVrd02XuadZRima8CMVKNrySdeaWnWE4Wmlw1T02fJvCEy1kNykZxEUNJ5GRVSqPDeFUme"
    "mysXh6nGtlibdbambpHzmuhdxjwJWFd31u+PD703d2IEA8BkxjAw4R/qCIWNMxGDmv3LUC"
    "OEMPEW4RER4P3BsCWWlry9a+RepjKpjxp0IBSjqY/lUzp9Rzxn6TuJCIg+baSrMrK03l9d"
    "vGzU2zffN0dwnCqx65ub9+umu2u5cgvCqHLjvEjLmiPhulKXNHrKrTXlwU0WkvLrJ1Wv4s"
    "odM6hK1nng+UAtZJugrifVbIhnCWY0M4S9sQKP4/Cc6Za3fYXHthSzwx6AjWLz6qjNoFRQ"
    "XH6+YtvnyrlJwaYwLdWYanVkCRgHcw8/wj+wMDOAfQq9v7q5jKy3C8arUbj38e3TX+eBfT"
    "e2/v2z+H7aPq7NWf3WYj5V5kO9BiYuBAyS8xQbbS8C6ZEpXc/YoMb9YqZ/dLe4Bqi+4btO"
    "iGSpeaFShBpXdkyY4s1F01WKMk2rq21LoWNRisaWG7jrA6sHFb1L6WmLPLI87m9po1sb0P"
    "+RzW4C2Ka3TSxkBlLwDaT7e3e7NcTr1RB1Hq/+606TLy+DjXdskaGjTScqn1sgEoGyHIeo"
    "8JGPCQL25jZMNkOARH0Bpj8o7HcgWecoAbfsHRxHE9aL9LGynXYcbDz3jgmuk4L5j9g67L"
    "PcUgcCGxnDF4QbPPwOE+ZzywLPQ5wzwujI1yK4gsM53JLHREE6gAZ4IIBcTpkQCXE9D8zi"
    "BhjLihlLXtizfsA/Y9oM9fSlhXKfKOedhZn9vI+oDCGT0BN3zEsB8r+LMfCBCxKP8w5y78"
    "2p4dJ9O4mrKlim+vsdt/+WcQ2ny6W/Mpmin7YEVptAfWUn288hZqJth/+XIJxL8eyfbHKo"
    "eN2qTucOFHXNhyGqMqc3eUZtxrNX2ZxFZ2tby4Dw5FiKzqgxOh1V1d6q4WspqaoSBKog0F"
    "krhU7de0VcuLr16k0FU2DXQ4n2q7NUWn6nKbi3YYO3iHsWQ8rcT0Igm5zTa/JMN9C5pgCE"
    "DfJzY2sRfNpMP62PPT6XAjBQSd356OgfMNuS62QhNE0KEgzDAhMclsmLk8JWE0zdEkyFml"
    "0xLu06zBO3gxCBMiaV7SkjjhW0xTclZXyFMyH/qKKSATZPpYTpoGUqwkqmkgo0Qa1wJpIK"
    "Or95rSTCwv3oHBXFSYSc7dIgkh52kc15UW30BCyOj8jWH7yPT3x9Z1d2/iYnjyLJMTI6fS"
    "OQJitNXyyAImj+UkY4wnU+RiXJhEMaDzT8fCrInxcIKNspYKhZEsJND085+ZDBFJNEGkZe"
    "gHrcMIdi0w6ijs7UZhx+aAAs5JugrivfmTF7Y0eVNJ5qhiZ44L6t2BXWtcd1tfmzU1wAOq"
    "S+D/75HOU+eh2b5p3lyC+WU5Th0pgp6kR7Lt5mF7LcJLVKNgG1bAM0Khk2Mm4dQntdlQV9"
    "ehWqdErVqvSw5xU9kl8XhiC/VdJJ5jWx601CxM2Qz0caTEiFeWDLQVwDXHiJeZ83PVA8kD"
    "hLiwiSk77+fCxLRkydAnv8Wwzl4slR3wI7r0PEXHmtmB4zlBKjLcY0N35Nj8QHfdxNOB3b"
    "J65ud0GM2aUBUNoTlIgHyD8JoIPQomVYJoF4cO4dTLOXuIzM7lRxBG5FCqSJhQ0BwchaUq"
    "efEoUdXpHY+7CbgCvt7QY2BjExFeuEnUmLJtEbQjTDqyqKGN8pYeRkQPXrSDShnOG7TJJR"
    "v6w1S+dQz77ueXdpbRgewlkoSO1w1k154ylfCUuUE25u4kMml1/ixXTLWirQqUOkEAjSG2"
    "gfMaCoZBSszPAHpgzHaxMNwbMY1fZNEEE54Xk7eRFTdZn+EKmTW1CLrT0O/KxyU/Xd21ut"
    "3mo7HIoZm+1yOtu4fbJk+iKapCGLfNxs0lkNzsketG+7p5extUk4h+WsXLoF4oN1ZOaqyU"
    "44eLTDzBUl/WbBebGFGZO3RVf6Zt5CA7QBcb7g7Tav9cU5xFAdklCC56pCMyz/K/PfKl0b"
    "rl7jb+/1VmweZ9baDnofFEyd0mSrI7PeC01DtHIsQbua4jkfu76HsGpnGqKuQ2zLNENP/o"
    "xowQ4QCV55UMm0cG9DVPNRnHfYwoZRKmVKnNKSseo6pcgpatJFSmPJ5B3RYXIdPlQ8rj9C"
    "IxvGlz6xs0t2oPt6r1ehEPt32kMy1d927XDLzrhJtlg7eojTIz4+aeMz/EyoJLjJTJsuHZ"
    "hspYsfKCh+kkON0WaRYCb7T/oWAeWAoYSqJIcoZ1chUGOnFDeRaW4xyjpE4ooM9IDwFXnV"
    "BAJxQ4CHRLfEzaIt+w7xgtk0EiT3MlEBxvV8CXzyHoPVfbgI3JC/AcYI4chyIAmSxB6SsT"
    "GsDRgiv3xhs67rPj8RKCYQtp+u/NMOapwLlmJqSbMNN3kNSbM2aSjkhEu8j+/Vkk7ubaah"
    "+M4QsSsg9lr2Ujnma8cC5unYB79wKP6ErlFNxxqsrZeHUyYm3nXcnOi75PMGO3QjfHKXU3"
    "l7qbVyz5rqu9H07/7jgrctlmaxXLvZcN46IqVEnT9/7qDGoSvYnfPs5TmP4VNFiegM1C1n"
    "SCjBc0S1Zc57oIZd8LJhj5SXSZ7vLCGxFRb521myILeK/YlKVf2yDjgjWGPDGK3Skx4NDT"
    "Wo72Nd2wr+kjzzUVdTRN3BBeczdG867RuhW+c8F1jzQeHm7/NJje0v6ZZ7KKfErOmyKa03"
    "m9gOZ0Xs/UnPijRDnh+VxVUVDjVJVTUM/qn4p4LdY/Zbst8mfJXCEzXg44DfOvnft2hnV+"
    "QZKUaLHpgf8CG9OtiT+1H4dTYgpT1mCKbQ8TesK/9qfa7kVcDlFMuk353yVd7RJiK2eQ9L"
    "+b7xur+vjuOGXh5lx8H5/abXEnuOiRGybqXwL+Vzv9vgmn34WslEI0X8uOEWpDSqkVbdsx"
    "X5Sr1seIquDXvYO93UaQImNKPGyrzqcEqbZclXpC6VCJvYRK6POd7NXtMF19tYP3W+z1sj"
    "p4l2x5rZh/d8nQPXT3bh92ydnAvD9yEqSJCijGfAQUcajyaQJva9D30+RFLPuXIldEUE7l"
    "GX9DNJ5EIsPNe3N8Czk/xXYEXoHlGMSKs8gbRDPi0OlgjL10m0W4d4RHlL3hoiFyUTiXgu"
    "/UZxQ7PaM4xJD+x/vrZqezislvTnkJFtc9cn3P8150uXVvftkjjW632RZ5MNrNpiivkbzT"
    "I53rX5o3T8IuOL+cZ8wQ/MLLVQyG9WI1aXJK0qRCfhOTVSnuN0FbQfnxcOVFrSa80W42HZ"
    "5te0UrQIJWW9nK3NMi3a0xQEOmkChIQkky7SkmOffxQco4+VkCbdaxj0aW37ExQdmjNvuQ"
    "P0m3+5P+/SxLWznT98HMGN7L+iDzWFN3gUIXjB3ijewZQ5d6mdMht0p7Boc3Wa79g0K59h"
    "huWYf7hYHPnA0a9zzcfavWOsAvOGjklyBvTl1uV1Pyb4jSlNnpdEX/hvMiHqLZDqKpsU1h"
    "3HxZFOYUYQWx3nwgo9RiXBRyubm5Au4G20YdDYfI9PA3ZMiqznLTQkZUYYIuz6xwgIM9b7"
    "VudJvp/CPit/H9y1XeASXU+9n9aqcnp6eK9va97X9wMrHxShaxOKW2h5XZHmbyIynbXs3y"
    "maDVPV3mnuY+60TUknQRpLLNKNvLUEZbhc1/576GuorTliykZStOXXW8dXXqLZ2hzP0DBj"
    "M1cCWUGmFZdJJw+lLDNkazGVQP3iEqxwlU11TfYk11XUhPBd68QnpyfKPr6OZGcMUTnUg2"
    "nwJQS2QujXhBxLPlVeVMnTEdEZojznXNUuWNOaODVQrzC7oHZRYxWhOoaFHHiozUGE7/cg"
    "ZrIhRkJarIGEoHbyQl0zRa9wR1Hfan4Pr3OGdzUDJp0YUvJosXWevWCogJBVBJSExENs0O"
    "iomIwkvjYbKhWh6FogM+dhnwIf6nYM0+PQ3bVy6bUf20WHRFXnhF2vNCR2RXLDY3KyI7ZU"
    "MoIqSGKt2ackUFld90rPOaGFWtylI8toeujU81VU2JuXRNnFYXScsKkVIQdqEKLyGeobRf"
    "QMlWKPFySPqRunguJmC2iB7Oz6ViuhFmNy4Suz5hy4dDeNw4DEuJnYA+GkNsz/PTisobzi"
    "ty35uQIguIp5dBEDqAputQGhJTWSD75r+EFwnphzVDRCGIPjiC7rND6u84tzYPgBc5owRj"
    "jkhQjYRGy5F4I9eZPo8AJGBRmKRwyHxELQplYx7yrrWYt6PF7FuS3r4eI+ahCsBzgioifF"
    "HEtZa1yim+nXauDddBZZQrm194Kzi7jr1yNtuQtsxjuta4uWu1L4H41yP3jzfNR5HgIrzq"
    "ka+t5u/Nx0vg/0/u1EV6ZvOZaw8w70jjutv62qwpdk+r/bUlMosEFz3i82E9Jv73yE1TXD"
    "VEq8iHcnRUTNxSWatShFXwukwuWBeFFqyLnAXrQpsQ36oJMZVC1XaeMVmh41PE2p29zO7s"
    "2gFVu/KV7GQ6x5WvQFrHRGHPdR1wJrjL2RzsIpVvlaaIUsZ3XZCm3qjjc6ooTjw4a/fnZY"
    "eI1MKIuSZO8erTFVnqEoMKWoY+Xly2RM1dYjVU+oxxI3NO47T+WazqAaOLTXSLqdfy0Lgm"
    "O2KMNTjOPWTkTQ2e6svAYeOl54zdEQJBCh+RJQwILvxcEPDMebzOJT+wm7iONTU9gEnwkT"
    "cS7b+xtSc8mosdLm6Us+TQ769a0ECMRZ+Lf8Sn/Rb3dOInxp7oQYl1JC+FRpzwTeaOqivk"
    "zghGu6JxIkakjROS2M1gQVHDNU6kcV1u9Ims2+safcLd8euC5YFhXdT6Ex9mcuuPZI3YCM"
    "hzThXFNr40Kge47URADEd4nowYmQWFxMTIRCzikSYyzkcktM/Cg8tPSugXNgm8xQh6RUyA"
    "ex05FAkqMIIUmM5YUnJ9c2x1FEu5pMGypqYrQxiaVBRMJ6bT58zZo7da58wrhapwNX/dEI"
    "OkfeHAhoE2AJbVsOULjVJxZS5P5kkpi0Y6sLUqIgF9maZRzXZPC5pXzon2vF7AJe28np3q"
    "up60CGlf++362r+wnybHd7kjbEhbZqxrD4+tu8bjn7zmnrjokcbNzb3wWb7xK23s3811jI"
    "khyvkorMwxGm2ckxg9eacpoxql0ahmmTyLyPB+TiREmZCynnzasCyH+ImR4ADb2Kts0h8Y"
    "/EgbcaVqfTetNwMceyokaWT5h23rumzN2T2ER3dVRG3k2BZjsiH/tupZ0+Mhc4S/PVvtHI"
    "lTrwpeTZ+RmJxVBcs3xWsrTjG0BohiCxnOcF2sxAS8EtyqjZUGarkb5Sv2NiJ+BWh1BL/K"
    "ozV0nbHGa19W1WBKZttWF3N2qYXVWCwVy8+A+w43o/bBGM7AAIERe2ng04N+wK8PjviXcb"
    "uB0b1/lz7wXZGH1AMwYiUWXLX/317Nu6IP1LynoiTakCCrhKF9/XYSiKjdpTbhLiV1RfOX"
    "Zo3scmSjq6FqgOcO5I5AWMuWOxbS3HK5gy7aFvA9E2IC05fH0J2BPnWmronmMoSLJjY0EZ"
    "Mj2DOPF2GcixCd5m3zumu0m79LRJHNsZVKJz47/8dzYi2d7PfwWXSHYtWjKI3eRyXyiT+0"
    "1VCN0WhUl0sni5VEb6HLSsVEZ+xy2SRYmTWyy5GNzdoySSeBZ55ELFn47GXLI4uyGNrR7K"
    "DWy9y9HkHPgNa/ptSTp0PO3vHTlHqHktolhNBs8BmVhreYZ1SSR6k9pH5rNh+M5h+tTlek"
    "box9FN5SRvf+MjBZ9shCQbiMKAtJDWQ/flQh7IremAmy6qUK3LxbZqBBUlWok3Qa6+VYC1"
    "cgDpjkLP3Xzn1bjnScKhkng00P/FcEpW1rIar9OJwSk2MJBlNse5jQE/59P9W2K+3JYOco"
    "cc7ZNcmT5ceP47EvnEGyJrlwEzQGaMgEasVtOEqm92BZNWcBEhx6MvPqEmjnVBpZCbI2Ji"
    "h71GYvJ0m63S8o21cUd7Z0+GBmDO9lfZA1vnUXqHRBkMCHoUu9zOmQm9olg8ObzPHyQSHH"
    "Swy3jDlQHPjM2aBxT4Zci7wDplLJhyhNmXXYVWX1IqJ6tqSeGtkUGi4aIg6ZUtBairCCWH"
    "8sUl7jY3Z1jY+p4hph2uCVIJcSV08b3TzqZU1+UeLVOp3+YuI64rcZ5oifPShugBLq/ex+"
    "tdOT09M96PMr7n9+nIqRmaUrU7GUkWrtUqJdzss0ipSriijLiTXOEpx1+pxsqKuVPie29X"
    "6fYJdbAJR7PU5ZwV4/kF4OMcnt5nCKDmZqzkcpOr10ypbOcC9XwzZOpZGVIIvHE1vs3yJA"
    "yhCZ19V8QDIZaLxljgq6ktO2HEASeURVY1Qy6DXaum6WgjCzkbpZsq1vA+AqFDU6VHQTW3"
    "4BeOfy1+ZG7xOtNsZJkXU5yhIhQcNdEO5sAatI2nVZdu21fcvfTJr7TKlgu1nZI8GKYSWs"
    "eJ+FqQ3uCeo67M/mSmqV7GAkN6+BglN+h43wFrl2psQT/vAp3/x4g+M8F33KmmLC3mnRdm"
    "nIIGf/HhMAPQ+NJx4N6w29oBk46kPLchGllz/iyU994LigD03B/vJHnq7xp8sf0Rhi+6f+"
    "O16YCIIhZl0BXtkj5zUdR7jF7+qRHkOJbQB8PWK3IdtssQltm3GGBEwnbCn23gHfsUJkyQ"
    "9revOs+eYImS/IOgbUAaxHw5z6z1P2PogCBM1Rj0wpYnzECwc/4Ji/CGLzbwYYe/afV2ky"
    "Gc0J6PvvZbAly/X6/DueCP7OmjH2Fl03Dz8DTOV0MmhevfywhVKYnuekMD0PU5hmh0hEO1"
    "Ky3uHnTM0tSVklhe1/6/Xz8x/qp+cfP118+OGHi0+nc80t/ShPhbtq/cy1uFj/SE6CghVD"
    "5fwnQlIl5HeVenObkWgdDw6HQjqWbXjzh/mbHW9mTGnRja4BviE2H13ARoXtzBDiBVIA3z"
    "IpX8Y9R+wK0Bpj8jm1QbAtBLrPDqnzUiojWYT8ZpnrOLlyxckJyUNly50TVND3qn5RxA2I"
    "tcrOHH6RdgTigBmKgk2MqHLizVZwDhceg681KlinCCs5si8KIX6Rg/hFEnFMDShc1STSo+"
    "PYCJKMtTlKlwB7wAi3hXY44Hd7rn51f38bO1K/aiWkwvbT3VXz8egs4aKl3Vm0OwtnYUPq"
    "GbbzjMkKHZ8i3kDfl9NgVfauzvRpUVBdopF/lNtG1818P/VGHZ/Twfb7bhOwNpCL5RnQgi"
    "fHeaodXLTRqUZ2tjVsWYXKPObJFjmz/aO1sJkhbPJJpYBw0LyC6J4Vsg2f5diGz9LlrXhh"
    "EGmanOwo2wiJjrBVjLDdq7Xy7/8Ho+taXQ=="
)
