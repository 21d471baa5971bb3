# Deeply nested code and data, printed the same way by wasipy and native python (python_compat.rs).
import json, pickle, sys

print(len(json.loads('[' * 5000 + ']' * 5000)))
source = 'x = 0\nif x == -1: pass\n' + ''.join(f'elif x == {i}: pass\n' for i in range(1000))
exec(compile(source, 'chain', 'exec'))
print('a 1,000-branch elif chain compiles')


def nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def through_c(n):  # each level a Python call made from C (map)
    return 0 if n == 0 else list(map(through_c, [n - 1]))[0]


sys.setrecursionlimit(1_000_000)
for name, case in [
    ('repr', lambda: repr(nested(100_000))),
    ('json.dumps', lambda: json.dumps(nested(100_000))),
    ('json.loads', lambda: json.loads('[' * 100_000 + ']' * 100_000)),
    ('pickle', lambda: pickle.dumps(nested(100_000))),
    ('map', lambda: through_c(100_000)),
    ('compile', lambda: compile('1' + '+1' * 100_000, 's', 'eval')),
]:
    try:
        case()
    except RecursionError as e:
        print(name, 'RecursionError:', e)
for bad in (0, -1):
    try:
        sys.setrecursionlimit(bad)
    except ValueError as e:
        print(bad, e)
