"""tkinter.simpledialog's questions, asked through input() (the page's input field).

turtle.textinput() and turtle.numinput() use these. Cancel is the end of
input (an empty answer where the page gives none): None, as Tk's Cancel.
"""


def _ask(title, prompt):
    try:
        return input(f"{title}: {prompt} " if title else f"{prompt} ")
    except EOFError:
        return None


def askstring(title, prompt, **kw):
    answer = _ask(title, prompt)
    if answer is None:
        return None
    return answer if answer or "initialvalue" not in kw else str(kw["initialvalue"])


def _ask_number(convert, kind, title, prompt, initialvalue=None, minvalue=None, maxvalue=None, **kw):
    while True:
        answer = _ask(title, prompt)
        if answer is None:
            return None
        if not answer.strip() and initialvalue is not None:
            return convert(initialvalue)
        try:
            value = convert(answer)
        except ValueError:
            print(f"Not {kind}. Please try again.")
            continue
        if minvalue is not None and value < minvalue:
            print(f"The allowed minimum value is {minvalue}. Please try again.")
        elif maxvalue is not None and value > maxvalue:
            print(f"The allowed maximum value is {maxvalue}. Please try again.")
        else:
            return value


def askfloat(title, prompt, **kw):
    return _ask_number(float, "a floating-point value", title, prompt, **kw)


def askinteger(title, prompt, **kw):
    return _ask_number(int, "an integer", title, prompt, **kw)
