// The `warnings` module, written in Python: the filter list, warn() with CPython's default actions
// (DeprecationWarning and friends ignored, the rest shown once per message), and catch_warnings with
// record=True. Warnings go to sys.stderr as `Category: message` (tsl has no frame line to quote).
export const WARNINGS_SOURCE = `
import sys

filters = []
_default_ignored = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
_shown = set()
_log = None


class WarningMessage:
    def __init__(self, message, category, filename, lineno, file=None, line=None, source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source

    def __str__(self):
        return "{message : %r, category : %r, filename : %r, lineno : %s, line : %r}" % (
            self.message, self.category.__name__, self.filename, self.lineno, self.line)


def _check_action(action):
    if action not in ('error', 'ignore', 'always', 'default', 'module', 'once'):
        raise ValueError("invalid action: %r" % (action,))


def filterwarnings(action, message='', category=Warning, module='', lineno=0, append=False):
    _check_action(action)
    entry = (action, message, category, module, lineno)
    if entry in filters:
        filters.remove(entry)
    if append:
        filters.append(entry)
    else:
        filters.insert(0, entry)


def simplefilter(action, category=Warning, lineno=0, append=False):
    filterwarnings(action, '', category, '', lineno, append)


def resetwarnings():
    filters.clear()


def _action_for(text, category):
    for action, message, cat, module, lineno in filters:
        if issubclass(category, cat) and text.lower().startswith(message.lower()):
            return action
    if issubclass(category, _default_ignored):
        return 'ignore'
    return 'default'


def warn(message, category=None, stacklevel=1, source=None):
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, not '%s'" % type(category).__name__)
    text = str(message)
    action = _action_for(text, category)
    if action == 'ignore':
        return
    if action == 'error':
        raise message if isinstance(message, Warning) else category(text)
    if _log is not None:
        _log.append(WarningMessage(message if isinstance(message, Warning) else category(text),
                                   category, sys.argv[0], 0))
        return
    key = (text, category)
    if action != 'always' and key in _shown:
        return
    _shown.add(key)
    sys.stderr.write('%s: %s\\n' % (category.__name__, text))


class catch_warnings:
    def __init__(self, *, record=False):
        self._record = record

    def __enter__(self):
        global _log
        self._saved = (list(filters), _log)
        if self._record:
            _log = []
            return _log
        return None

    def __exit__(self, *exc_info):
        global _log
        saved_filters, _log = self._saved
        filters[:] = saved_filters
        return False
`;
