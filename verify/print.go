package verify

import (
	"fmt"
	"strings"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// String describes o without its Secret (never its length or any part of
// it), such as `verify.Options{Template: "login_code", Secret: hidden}`.
func (o Options) String() string {
	return "verify.Options{Template: " + sms.Quote(o.Template) + ", Secret: " + redact.IsSet(len(o.Secret) > 0) + "}"
}

// GoString is String, so that %#v hides the Secret too.
func (o Options) GoString() string { return o.String() }

// Format prints String for every verb: %v, %d or %x of the Secret, a
// []byte, would otherwise print its bytes.
func (o Options) Format(f fmt.State, _ rune) { redact.Print(f, o.String()) }

// String describes g without its Secret, such as
// `verify.GuardOptions{Allow: [CN], Secret: hidden}`.
func (g GuardOptions) String() string {
	allow := "DefaultRegion"
	if len(g.Allow) > 0 || g.AnyRegion {
		allow = describeRegions(g.Allow, g.AnyRegion)
	}
	return "verify.GuardOptions{Allow: " + allow + ", Secret: " + redact.IsSet(len(g.Secret) > 0) + "}"
}

// GoString is String, so that %#v hides the Secret too.
func (g GuardOptions) GoString() string { return g.String() }

// Format prints String for every verb: %v, %d or %x of the Secret, a
// []byte, would otherwise print its bytes.
func (g GuardOptions) Format(f fmt.State, _ rune) { redact.Print(f, g.String()) }

// String describes l by its template, without its secret or its store,
// such as `verify.Local{Template: "login_code"}`.
func (l Local) String() string { return "verify.Local{Template: " + sms.Quote(l.opts.Template) + "}" }

// GoString is String, so that %#v hides the secret too.
func (l Local) GoString() string { return l.String() }

// Format prints String for every verb, so that no verb makes fmt walk the
// fields of a Local, whose options hold the secret.
func (l Local) Format(f fmt.State, _ rune) { redact.Print(f, l.String()) }

// String describes g by the regions it lets codes go to, without its
// secret or the Verifier it guards, such as `verify.Guarded{Allow: [CN]}`.
func (g Guarded) String() string {
	return "verify.Guarded{Allow: " + describeRegions(g.allow, g.allow == nil) + "}"
}

// GoString is String, so that %#v hides the secret too.
func (g Guarded) GoString() string { return g.String() }

// Format prints String for every verb, so that no verb makes fmt walk the
// fields of a Guarded, which may hold a Local by value.
func (g Guarded) Format(f fmt.State, _ rune) { redact.Print(f, g.String()) }

// describeRegions writes a region list as "[CN US]", or "any" for every
// region.
func describeRegions(allow []string, every bool) string {
	if every {
		return "any"
	}
	quoted := make([]string, len(allow))
	for i, r := range allow {
		quoted[i] = sms.Quote(r)
	}
	return "[" + strings.Join(quoted, " ") + "]"
}
