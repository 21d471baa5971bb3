// Misuse of the library and failures to load are typed errors; what the
// user's Python did is never thrown (see the result of Session.run).

export class WasipyError extends Error {
  // Each class says its name: a minifier renames the classes themselves (an error
  // the page shows as "j: could not fetch ..." says nothing).
  constructor(message, name = 'WasipyError') {
    super(message);
    this.name = name;
  }
}

/** An option has a wrong type or conflicts with another one. */
export class OptionsError extends WasipyError {
  constructor(message) {
    super(message, 'OptionsError');
  }
}

/** The session was disposed; create a new one with loadPython(). */
export class SessionDisposedError extends WasipyError {
  constructor(message) {
    super(message, 'SessionDisposedError');
  }
}

/** wasipy.wasm or the stdlib archive could not be fetched or compiled. */
export class LoadError extends WasipyError {
  constructor(message) {
    super(message, 'LoadError');
  }
}

/**
 * Packages could not be installed; the message says which and why. The session
 * keeps working. `status`: 'error' (nothing was installed), or 'stopped' /
 * 'crashed' when the install was stopped or its interpreter lost.
 */
export class InstallError extends WasipyError {
  constructor(message, status = 'error') {
    super(message, 'InstallError');
    this.status = status;
  }
}
