package route

import (
	"github.com/smskit/sms"
)

// DefaultName is the name a Router gives itself when Options.Name is empty:
// the Provider of the errors it returns.
const DefaultName = "route"

// Options configures a Router. Only Routes is required; every other zero
// value is a documented default.
type Options struct {
	// Name names the router in its errors: it is the Provider of every
	// *sms.Error the router returns. Empty means DefaultName ("route").
	// Give nested routers distinct names.
	Name string
	// Routes are evaluated in order for each message; the first that
	// matches its recipient sends it. A message no route matches fails with
	// ErrNoRoute. At least one route is required.
	Routes []Route
	// Templates are the application's logical templates. New checks each
	// against every target that can tell (a target whose Sender, or any
	// Sender it wraps, implements sms.TemplateChecker; see sms.As) and
	// fails, naming the template and the target, when one cannot serve it.
	// Once templates are declared, Send refuses a message naming an
	// undeclared one, checks its params against the template's Text, and
	// never sends an international template to a mainland China number.
	Templates []sms.Template
	// DefaultRegion is the region of numbers written without a country code, as
	// in sms.Normalize. Empty means sms.DefaultRegion ("CN").
	DefaultRegion string
	// FailOver decides whether a target's failure lets the router try the
	// route's next target. Nil means DefaultFailOver. Whatever it says, the
	// router never fails over after a failure that may have been accepted
	// (sms.IsNotAccepted false) or once the caller's context has ended: a
	// policy can only narrow failover, never cause a second send.
	FailOver func(err error) bool
	// Rand returns a uniform random int in [0, n) for n > 0; it orders the
	// weighted targets of a route (see Target.Weight). It is called from
	// many goroutines at once. Nil means math/rand/v2's IntN. Tests inject
	// a seeded source behind a mutex for deterministic splits.
	Rand func(n int) int
}

// Route sends the messages whose recipient it matches through an ordered
// list of targets, failing over from one to the next.
//
// A message matches when its recipient, normalized to E.164, starts with one
// of Prefixes, or belongs to one of Regions, or Match returns true for it. A
// route with no Prefixes, no Regions and no Match matches every message: put
// it last as the default route.
type Route struct {
	// Name names the route in errors. Empty means "route N", N counting
	// from 1 in Options.Routes.
	Name string
	// Prefixes are E.164 prefixes such as "+86" or "+1": a "+" and at least
	// one digit.
	Prefixes []string
	// Regions are ISO 3166-1 region codes such as "CN" or "US", matched
	// against the recipient's region as sms.ParsePhone finds it (so "US"
	// and "CA" are told apart although both dial +1). Case is ignored.
	Regions []string
	// Match, when set, matches messages by any rule; it sees the normalized
	// message and is called from many goroutines at once.
	Match func(sms.Message) bool
	// Targets are tried in order until one sends the message or a failure
	// must not fail over (see Options.FailOver). Adjacent targets with a
	// positive Weight form a group of equivalent providers whose order is
	// drawn at random for each message. At least one target is required.
	Targets []Target
}

// Target is one provider of a route.
type Target struct {
	// Name names the target in Result.Provider and in errors, such as
	// "aliyun" or "aliyun-backup". Required, and unique within its route.
	Name string
	// Sender sends the messages. Required.
	Sender sms.Sender
	// Weight, when positive, puts the target in a weighted group with the
	// adjacent targets that also have a positive Weight. For each message
	// the group's targets are ordered by a weighted random draw without
	// replacement: the first is chosen with probability Weight/sum of the
	// group's weights, and the others follow as failover targets in a
	// draw among those left. So traffic splits across equivalent providers
	// by weight and each fails over to the others. Zero keeps the target
	// in its place in the list; negative is an error.
	Weight int
}
