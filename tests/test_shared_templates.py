"""The macros the admin's and the portal's pages share (`graphql_portal/templates/`), found by both
apps' template environments after their own folders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphql_portal.admin.rendering import templates as admin_templates
from graphql_portal.portal.rendering import templates as portal_templates

PACKAGE = Path(__file__).parents[1] / "graphql_portal"
SHARED = PACKAGE / "templates"
ENVIRONMENTS = {"admin": admin_templates.env, "portal": portal_templates.env}
CONFIRM = (
    '{% from "_common.html" import confirmation with context %}'
    '{% call confirmation("confirm-x", question=question, action=action, confirm="Deactivate", '
    'back="/back", keep="Keep") %}<p>{{ body }}</p>{% endcall %}'
)
USERS = (
    '{% from "_common.html" import users_table %}'
    '{% call(user) users_table("people", ["Name", heading], users, row="person") %}'
    "<td>{{ user.name }}</td>{% endcall %}"
)


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_no_app_has_a_template_of_a_shared_name_which_would_hide_the_shared_one():
    shared = {path.name for path in SHARED.glob("*.html")}
    assert shared == {"_common.html"}
    for app in ENVIRONMENTS:
        own = {path.name for path in (PACKAGE / app / "templates").glob("*.html")}
        assert own & shared == set(), app


@pytest.mark.parametrize("app", ENVIRONMENTS)
def test_the_confirmation_escapes_what_it_is_given_and_posts_with_the_csrf_token(app):
    html = (
        ENVIRONMENTS[app]
        .from_string(CONFIRM)
        .render(
            question='Deactivate <b>Eve</b> "x"?',
            action='/users/1"><script>/deactivate',
            body="<img src=x onerror=alert(1)>",
            csrf_field="csrf_token",
            csrf_token='t"1',
        )
    )
    assert squeezed(html) == (
        '<section class="card confirm" id="confirm-x">'
        "<h1>Deactivate &lt;b&gt;Eve&lt;/b&gt; &#34;x&#34;?</h1>"
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>"
        '<div class="confirm-actions">'
        '<form method="post" action="/users/1&#34;&gt;&lt;script&gt;/deactivate" class="inline">'
        '<input type="hidden" name="csrf_token" value="t&#34;1">'
        '<button type="submit" class="destructive">Deactivate</button></form>'
        '<a href="/back" class="button secondary">Keep</a></div></section>'
    )


@pytest.mark.parametrize("app", ENVIRONMENTS)
def test_the_users_table_has_a_row_per_user_named_by_its_id(app):
    users = [{"id": 7, "name": "<i>Ann</i>"}, {"id": "VXNlcjo4", "name": "Bo"}]
    html = ENVIRONMENTS[app].from_string(USERS).render(users=users, heading="<Role>")
    assert squeezed(html) == (
        '<div class="table-wrap"><table id="people">'
        "<thead><tr><th>Name</th><th>&lt;Role&gt;</th></tr></thead><tbody>"
        '<tr id="person-7"><td>&lt;i&gt;Ann&lt;/i&gt;</td></tr>'
        '<tr id="person-VXNlcjo4"><td>Bo</td></tr>'
        "</tbody></table></div>"
    )
