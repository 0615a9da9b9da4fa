// Texts of Django admin's JavaScript that Django's Slovenian catalogue (djangojs) lacks
// (or translates amiss: at the end), listed so that `makemessages -d djangojs` puts them
// in our catalogue; as admin_strings.py does for the server's texts. No page loads it.
//
// The admin's jsi18n view (JavaScriptCatalog of django.contrib.admin) merges our
// locale/<language>/LC_MESSAGES/djangojs.mo over Django's: the chooser of a user's or a
// group's permissions and groups (SelectFilter2.js) then reads in Slovenian, not
// "Choose all permissions", "Remove selected groups". Each msgid must be exactly
// Django's. `tests/rin_portal/test_admin_slovenian.py` checks the served catalogue.
//
// The catalogue: `manage.py makemessages -d djangojs -l sl -l en --ignore=static/vendor
// --ignore=tests/vendor` (the vendored scripts have gettext calls of their own), then
// compilemessages.

gettext('Choose %s by selecting them and then select the "Choose" arrow button.');
gettext('Choose all %s');
gettext('Choose selected %s');
gettext('Remove selected %s');
gettext('Remove %s by selecting them and then select the "Remove" arrow button.');
gettext('(click to clear)');
gettext('Remove all %s');

// Translated by Django, but not so that they agree with the name put in, a plural
// ("Možne uporabniška dovoljenja", "Izbran skupine", "…seznam izbranih skupine ."):
// ours name it after a colon, as the texts above do.
gettext('Available %s');
gettext('Chosen %s');
gettext('Type into this box to filter down the list of available %s.');
gettext('Type into this box to filter down the list of selected %s.');
