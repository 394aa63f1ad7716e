// Package redact keeps a call's secrets out of the errors and log lines that
// smskit's providers produce: credentials, signatures, recipients, template
// params and codes that a provider's SDK, a transport or an answer body
// would quote.
//
// # The redaction rule
//
// Text is redacted by replacing every span that matches one of the rules
// below with Marker ("[redacted]"). The rules work on the text as written
// by people and by encoders, not on one canonical form:
//
//   - Phone numbers, known or not. A written number is a run of digits, of
//     any script (ASCII, full-width "１３９", Arabic-Indic, …), in which
//     consecutive digits are separated by at most MaxSeparators (2)
//     separator characters: spaces (including no-break, thin and
//     ideographic spaces), '-', '.', '(', ')', '/', dashes and their
//     full-width forms. A '+' (or '＋') right before the first digit
//     belongs to the run. Every run of MinNumberDigits (7) or more digits is
//     redacted whole, so "+86 139 1234 5678", "139-1234-5678",
//     "(415) 555-2671", "+1.415.555.2671" and "0086 139…" all go, while
//     HTTP statuses (503), Twilio error codes (21211), ports and years stay.
//     Seven is the shortest subscriber number in common use; the cost is that
//     dates such as 2024-06-15 and long numeric ids are redacted too. A run
//     that is exactly a dotted-quad IPv4 address ("47.246.136.201", four
//     groups of at most three digits, each at most 255) is not redacted by
//     this rule: transport errors quote the address they dialed.
//   - Fragments of a known number. Inside any run (whatever its length),
//     every MinNumberFragment (4) or more consecutive digits that equal
//     digits of a number in the Secrets are redacted, so "138 0013" or
//     "8000" of +8613800138000 do not survive. The cost: a four-digit
//     stretch such as a year is redacted when the recipient's number
//     happens to hold it (about one in a thousand for an 11-digit number).
//   - Fragments of a credential (an access key id or secret, an auth token,
//     a signature, an Authorization header value, in each of its URL-encoded
//     forms). Any MinCredentialFragment (6) or more consecutive bytes equal,
//     ignoring ASCII case (hex tokens are written in either case), to
//     bytes of a credential are redacted. Six is short enough that an echo
//     of 19 of 20 characters, or any window a decoder quotes around a
//     credential, is caught entirely, and that what may survive next to a
//     redaction (at most five characters) is of little use; and long enough
//     not to shred ordinary text: a given 6-byte window matches one of the
//     25 windows of a random 30-character base62 secret with odds of about
//     one in two billion, and one of the 27 of a 32-character hex token
//     with odds of one in six hundred thousand, so a 32-character hex
//     request id loses a fragment about once in 23,000 (with four bytes:
//     once in eighty). Credentials shorter than six bytes are matched
//     whole.
//   - Values: template params, bodies, references. Each non-overlapping
//     occurrence of a value of MinValueBytes (4) or more bytes of UTF-8, in
//     any of its URL-encoded forms, is redacted (a two-character Chinese
//     name is six bytes). Shorter values are not matched: they would shred
//     ordinary words.
//   - Codes. A value that is 4 to 8 ASCII digits (a verification code) is
//     matched as digits anywhere in a run, even inside a longer number or
//     written with separators ("472 913") or in full-width digits.
//
// Secrets.Redact applies every rule; Redact (no known secrets) and
// HasNumber apply the rule for written numbers only.
//
// Matching is linear in the length of the text (a constant number of passes,
// each with constant work per byte), so redaction is safe on error paths
// even for large answers; Quote and Secrets.Quote also bound what is quoted.
//
// # Errors
//
// Error turns an SDK's or a transport's error into one safe to wrap in an
// *sms.Error: a *url.Error keeps its operation but loses its query and path,
// and any error whose chain shows a secret (see Secrets.Shows) is replaced.
// Quote bounds and quotes a caller's or a provider's string for an error
// message: no error quotes an unbounded string.
//
// # Ids
//
// Secrets.InID checks an id taken from an answer (a request id, a message
// id) that passed its provider's format check, for providers that copy such
// ids into results and errors: the id is refused when it holds a fragment of
// a credential, a value, or a run of a known number's digits at least as
// long as the provider chooses (MinNumberFragment for a request id in hex,
// MinNumberDigits where hex ids hold long digit runs, WholeNumbers for ids
// of digits). Unknown numbers are allowed: random ids hold digits by
// chance. Both providers use it, each with its own format check.
//
// # Printing
//
// Print is the body of the Format method of every exported type that holds
// a credential: it writes the type's description for every verb, so that
// fmt never prints such a value's fields (see package internal/printsafe
// for the rule and the test). Describe and Setting build such
// descriptions; IsSet shows a credential as "hidden" or "unset", never its
// length or a fragment.
package redact
