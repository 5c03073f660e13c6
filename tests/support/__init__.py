"""Helpers every test folder may use; fixtures stay in the conftest.py files, helpers live here.

- `environment`: `IN_CI`, `make_settings`, `settings_env` and `worker_env` (settings and the
  environment of a test process).
- `demo`: the demo data's people, figures and rows (`principal`, `customer`, `user_id`, the
  Fabrikam example's line snapshots, `expected_price`).
- `upgrades`: upgrade requests for the domain (`request_for`, `fabrikam_request`) and for the
  API (`upgrade_input`), and `codes` of user errors.
- `orders`: orders three ways (`place_fabrikam_order` through review and submit,
  `write_fabrikam_order` as submit writes it with pending jobs, `make_completed_order`).
- `database`: per-test databases (a seeded template per dialect, copied for each test) and `dump_tables`.
- `stores`: attachment stores (`StoreUnderTest`: the database, a folder, a bucket of
  `MotoServer`, moto's S3-compatible server on loopback).
- `smtp`: a real SMTP server (`SmtpServer` with its `Mailbox`); `ports`: `free_port`.
- `worker`: `work_until_settled`, `wait_for`.
- `api`: the GraphQL client over ASGI (`Api`, `make_api`) and `count_statements`.
- `admin`: the live server, signing in, CSRF tokens (`live_server`, `sign_in`, `http_sign_in`).
- `portal`: the portal with its worker and mail (`portal_server`), signing in, and `review_terms`
  (what a review shows of a change); `pages`: what the admin's and the portal's pages share
  (`open_confirmation_and_keep`).
- `events`: endpoints written directly (`make_endpoint`) and the trail of a subject (`trail`,
  `types_of`); `webhooks`: a real receiver on loopback verifying every delivery with the
  `standardwebhooks` library (`receiving`, `Answer`).
- `axe`: accessibility in the real browser (every axe-core rule on a page or a part of it,
  sideways scrolling at a width, what keyboard focus reaches).
- `served`: any app under uvicorn on a free loopback port (`served`); `tcp_proxy`: `TcpProxy`, a
  loopback proxy a test can cut and restore (a database outage).
"""
