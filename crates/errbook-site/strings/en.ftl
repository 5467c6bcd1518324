# Strings of the site's pages (English). Every id here must exist in ja.ftl too; a book replaces
# this file with its own i18n/en/site.ftl.
skip-to-content = Skip to content
site-nav = Site
language-switch = Language
language-choose = Choose a language
home = Home
search-label = Paste an error message or a log
search-placeholder = Paste an error message…
search-paste-lines = lines
permalink = Link to this section
search-button = Search
search-results = Search results
search-no-results = No entry matches this text.
search-needs-server = Search works on a server (errbook serve) or in the offline bundle (errbook bundle), not from these files.
search-needs-js = Search needs JavaScript; every entry is listed below.
by-document = By document
by-service = By service
entries-count = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
error-message = Error message
error-messages = Error messages
copy = Copy
copied = Copied
causes = Causes
at-a-glance = At a glance
on-this-page = On this page
previous = Previous
next = Next
all-documents = All documents
flowchart = Diagnostic flowchart
flowchart-source = Diagram source
related = Related entries
services = Services
source = Source
document = Document
general-guidance = General guidance
entries-in-document = Entries in this document
not-found-title = Page not found
not-found-text = There is no page at this address.
not-found-home = Go to the home page
other-language = This entry in { $language }

# Callouts: notes, tips and warnings set apart from the text.
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution

# The tags of a document (front matter `tags`).
tags = Tags

# Home pages list a few entries per document and per service.
all-entries = All { $count } entries of this document
more-entries = { $count ->
    [one] and { $count } more entry
   *[other] and { $count } more entries
}

# The header's colour scheme toggle: it cycles through these.
theme-label = Colour scheme
theme-auto = Auto
theme-light = Light
theme-dark = Dark

# Shown on a home page reached from the language switch of a page that has no translation.
not-translated = The page you came from is not translated into this language.
not-translated-back = Back to it

# A button beside a diagram or table wider than the text: shows it across the whole window.
full-width = Full width
