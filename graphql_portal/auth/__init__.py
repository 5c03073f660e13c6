"""Identity: API tokens, passwords (argon2, off the event loop), sign-in throttling in the
database, server-side sessions for the admin and the portal, invitation links, and the
`Principal` every request runs as."""

from .partners import (
    INVITATION_TTL,
    PasswordOutcome,
    change_password,
    deactivate_partner_user,
    invitation_path,
    invitation_user,
    issue_invitation,
    redeem_invitation,
    set_password,
)
from .passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    check_password_rules,
    hash_password,
    verify_password,
)
from .sessions import (
    SessionLookup,
    end_session,
    end_sessions_of,
    lookup_session,
    resolve_partner_session,
    resolve_staff_session,
    start_session,
)
from .signin import SignInResult, sign_in_partner, sign_in_staff
from .staff import create_staff_user, deactivate_staff_user, verify_staff_password
from .tokens import (
    TOKEN_PREFIX,
    AuthError,
    IssuedToken,
    Principal,
    authenticate,
    bearer_token,
    constant_time_equal,
    create_reconciliation_token,
    create_user_token,
    hash_token,
    principal_of_user,
    revoke_token,
)

__all__ = [
    "INVITATION_TTL",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "TOKEN_PREFIX",
    "AuthError",
    "IssuedToken",
    "PasswordOutcome",
    "Principal",
    "SessionLookup",
    "SignInResult",
    "authenticate",
    "bearer_token",
    "change_password",
    "check_password_rules",
    "constant_time_equal",
    "create_reconciliation_token",
    "create_staff_user",
    "create_user_token",
    "deactivate_partner_user",
    "deactivate_staff_user",
    "end_session",
    "end_sessions_of",
    "hash_password",
    "hash_token",
    "invitation_path",
    "invitation_user",
    "issue_invitation",
    "lookup_session",
    "principal_of_user",
    "redeem_invitation",
    "resolve_partner_session",
    "resolve_staff_session",
    "revoke_token",
    "set_password",
    "sign_in_partner",
    "sign_in_staff",
    "start_session",
    "verify_password",
    "verify_staff_password",
]
