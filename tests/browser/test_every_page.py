"""Every demo role, on a phone and on a desktop, opens every page of its navigation and sends every form there once
as the browser would, with what the page holds and plausible values where a field is empty: nothing answers an
error, and no form sends one field twice unless the view takes a list."""

import re
from datetime import timedelta

import pytest

from core.timeutil import local_today
from demo.tree import DEMO_PASSWORD
from tests.browser.conftest import release_database
from tests.browser.test_registration_journey import sign_in

pytestmark = pytest.mark.browser

ROLES = ("doanvien@demo.vn", "canbo@demo.vn", "hoidong@demo.vn", "huyen@demo.vn", "tinh@demo.vn", "admin@demo.vn")
VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})
# Forms not sent here: signing out and changing languages or passwords would end the walk; files have their own tests.
ROW_IDS = re.compile(r"\d+")
SKIPPED_ACTIONS = re.compile(r"/logout$|/language/|/account/password")

# In the page: the links of the top bar, then for each form its method, action, the names it sends more than once
# (besides checkbox groups and multiple selects, which are lists on purpose) and whether it needs a file.
LINKS = """() => [...document.querySelectorAll('nav.navbar a[href^="/"]')].map(a => a.getAttribute('href'))
  .filter(href => !href.startsWith('/language/'))"""
FORMS = """() => [...document.querySelectorAll('main form')].map((form, index) => {
  const counts = {};
  for (const element of form.elements) {
    if (!element.name || element.disabled || ['submit', 'button'].includes(element.type)) { continue; }
    const listed = element.type === 'checkbox' || element.type === 'radio' || element.multiple;
    counts[element.name] = counts[element.name] || { n: 0, listed: true };
    counts[element.name].n += (element.type === 'radio') ? 0 : 1;
    counts[element.name].listed = counts[element.name].listed && listed;
  }
  const twice = Object.entries(counts).filter(([, c]) => c.n > 1 && !c.listed).map(([name]) => name);
  return { index, method: (form.getAttribute('method') || 'get').toLowerCase(),
           action: form.getAttribute('action') || location.pathname, twice,
           file: !!form.querySelector('input[type=file]') };
})"""
# Fill what a person would: empty text with words, numbers with 1, dates with a recent day, a first choice.
FILL = """([index, day]) => {
  const form = document.querySelectorAll('main form')[index];
  for (const element of form.elements) {
    if (element.disabled || element.type === 'hidden' || element.readOnly) { continue; }
    if (element.type === 'radio') {
      if (!form.querySelector(`input[name="${element.name}"]:checked`)) { element.checked = true; }
    } else if (element.tagName === 'SELECT') {
      if (!element.value && element.options.length > 1) { element.selectedIndex = 1; }
    } else if (['text', 'search', 'textarea'].includes(element.type) && !element.value && element.required) {
      element.value = 'Kiểm thử trên trình duyệt';
    } else if (element.type === 'number' && !element.value && element.required) {
      element.value = '1';
    } else if (element.type === 'date' && !element.value && element.required) {
      element.value = day;
    }
  }
  for (const element of form.querySelectorAll('[name=reason], textarea[name=note]')) {
    if (!element.value) { element.value = 'Kiểm thử trên trình duyệt'; }
  }
}"""


def kind(form: dict) -> str:
    """Return what makes forms alike: their method and action, whatever row they act on."""
    return form["method"] + " " + ROW_IDS.sub("N", form["action"])


def submit(page, form: dict, day: str) -> int:
    """Send one form of the page as its first button would, and return the status of the page it leads to."""
    page.evaluate(FILL, [form["index"], day])
    with page.expect_navigation() as navigation:
        # As a click on its first button would (folded filters cannot be clicked, but send the same).
        page.locator("main form").nth(form["index"]).evaluate(
            "form => form.requestSubmit(form.querySelector('button[type=submit], button:not([type]), "
            "input[type=submit]') || undefined)")
    return navigation.value.status if navigation.value else 200


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=("phone", "desktop"))
def test_every_role_opens_every_page_and_sends_every_form(app, live_server, new_page, viewport):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    release_database()
    day = (local_today() - timedelta(days=3)).isoformat()
    problems = []
    for login_name in ROLES:
        page = new_page(viewport=viewport)
        page.on("dialog", lambda dialog: dialog.accept())
        sign_in(page, live_server, login_name, DEMO_PASSWORD)
        links = list(dict.fromkeys(page.evaluate(LINKS)))
        for link in links:
            response = page.goto(f"{live_server}{link}")
            if response.status >= 400:
                problems.append(f"{login_name} {link}: {response.status}")
                continue
            # One form of each kind (the same action but for another row is the same kind).
            kinds = list(dict.fromkeys(kind(form) for form in page.evaluate(FORMS)))
            for wanted in kinds:
                page.goto(f"{live_server}{link}")
                form = next((f for f in page.evaluate(FORMS) if kind(f) == wanted), None)
                if form is None:  # the one sent before was the last of its kind
                    continue
                if form["twice"]:
                    problems.append(f"{login_name} {link} form {form['action']}: sends {form['twice']} twice")
                if form["file"] or SKIPPED_ACTIONS.search(form["action"]):
                    continue
                status = submit(page, form, day)
                if status >= 400:
                    problems.append(f"{login_name} {link} form {form['method']} {form['action']}: {status}")
        assert links, f"{login_name} has no navigation"
    assert problems == [], "\n".join(problems)
