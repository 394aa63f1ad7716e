package urlopt

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/smskit/sms"
)

// maxNameEcho bounds a parameter name quoted back in an error; a longer
// "name" may be a misplaced secret.
const maxNameEcho = 24

// Query reads a URL's query parameters for one provider. Each reader marks
// its parameter as known; Done reports the first parameter nobody read.
// After the first error every reader returns zero values and Done returns
// that error, so an opener reads everything and checks once.
type Query struct {
	provider string
	values   url.Values
	known    map[string]bool
	err      error
}

// NewQuery parses u's query for provider. A malformed query (a bad
// %-escape) is reported by Done.
//
// Unlike in an HTML form, "+" in a value is a plus sign, not a space, so
// that "from=+15005550006" means what it says; a space is written "%20".
func NewQuery(provider string, u *url.URL) *Query {
	q := &Query{provider: provider, known: map[string]bool{}}
	values, err := url.ParseQuery(strings.ReplaceAll(u.RawQuery, "+", "%2B"))
	if err != nil {
		q.err = sms.NewOptionsError(provider, `the URL's query is malformed: a "%" must be followed by two hexadecimal digits (write "%" as "%25", "+" as "%2B", "&" as "%26")`)
	}
	q.values = values
	return q
}

// Err returns an error of provider's for parameter name, saying reason.
func (q *Query) Err(name, reason string) error {
	return sms.NewOptionsError(q.provider, "URL parameter "+name+" "+reason)
}

func (q *Query) fail(name, reason string) {
	if q.err == nil {
		q.err = q.Err(name, reason)
	}
}

// String returns the parameter's value, "" when absent. A parameter given
// twice is an error.
func (q *Query) String(name string) string {
	q.known[name] = true
	if q.err != nil {
		return ""
	}
	v := q.values[name]
	if len(v) > 1 {
		q.fail(name, "is given more than once")
		return ""
	}
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// Has reports whether the parameter is present.
func (q *Query) Has(name string) bool {
	_, ok := q.values[name]
	return ok
}

// Bool returns the parameter as a boolean ("true", "false", "1", "0");
// absent is false.
func (q *Query) Bool(name string) bool {
	s := q.String(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fail(name, "is not true or false")
	}
	return b
}

// Duration returns the parameter as a positive duration ("10s", "1m30s");
// absent is zero.
func (q *Query) Duration(name string) time.Duration {
	s := q.String(name)
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		q.fail(name, `is not a positive duration such as "10s"`)
		return 0
	}
	return d
}

// Int returns the parameter as a positive integer; absent is zero.
func (q *Query) Int(name string) int {
	s := q.String(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		q.fail(name, "is not a positive integer")
		return 0
	}
	return n
}

// Done returns the first error met, or an error for the parameters nobody
// read, naming them (only when they look like names), and the known ones.
func (q *Query) Done() error {
	if q.err != nil {
		return q.err
	}
	var unknown []string
	for name := range q.values {
		if !q.known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	known := make([]string, 0, len(q.known))
	for name := range q.known {
		known = append(known, name)
	}
	slices.Sort(known)
	shown := "an unknown parameter"
	if len(unknown) == 1 && looksLikeName(unknown[0]) {
		shown = "unknown parameter " + strconv.Quote(unknown[0])
	} else if len(unknown) > 1 {
		shown = strconv.Itoa(len(unknown)) + " unknown parameters"
		if all(unknown, looksLikeName) {
			shown += " (" + strings.Join(unknown, ", ") + ")"
		}
	}
	return sms.NewOptionsError(q.provider, "the URL has "+shown+"; known: "+strings.Join(known, ", "))
}

// looksLikeName reports whether s is short and made of lower-case letters,
// digits and "_", as parameter names are: only then is it quoted back, so
// that a secret pasted into the query is not.
func looksLikeName(s string) bool {
	if s == "" || len(s) > maxNameEcho {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || c == '_' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

func all(list []string, ok func(string) bool) bool {
	for _, s := range list {
		if !ok(s) {
			return false
		}
	}
	return true
}
