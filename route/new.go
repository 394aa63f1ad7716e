package route

import (
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// MaxWeight is the largest Target.Weight.
const MaxWeight = 1_000_000

// New checks opts and returns a Router. It makes no network call.
//
// Every problem is an *sms.Error with code InvalidArgument. Problems with
// the options themselves wrap ErrInvalidOptions and name the route and
// target: no routes, a route without targets, a target without a name or a
// Sender, two targets of a route with the same name, a negative or too
// large Weight, a bad prefix or region, two routes with the same name, a
// route after one that matches every message (it could never be taken), a
// template without a name, with the name of another or with a malformed
// Text. A template that some target cannot serve wraps
// ErrTemplateUnsupported and the target's own error; its text names every
// such template and target.
func New(opts Options) (*Router, error) {
	r := &Router{
		name:     opts.Name,
		failOver: opts.FailOver,
		intn:     opts.Rand,
	}
	if r.name == "" {
		r.name = DefaultName
	}
	if r.failOver == nil {
		r.failOver = DefaultFailOver
	}
	if r.intn == nil {
		r.intn = defaultIntN
	}
	if len(opts.Routes) == 0 {
		return nil, invalidOptions(r.name, "no routes: Options.Routes needs at least one")
	}
	names := map[string]bool{}
	for i, rt := range opts.Routes {
		c, problem := compile(rt, i)
		if problem == "" && i > 0 && r.routes[i-1].matcher.matchesAll() {
			problem = c.label + " can never be taken: " + r.routes[i-1].label + " before it matches every message"
		}
		if problem == "" && rt.Name != "" && names[rt.Name] {
			problem = c.label + ": two routes have this name"
		}
		if problem != "" {
			return nil, invalidOptions(r.name, problem)
		}
		names[rt.Name] = true
		r.routes = append(r.routes, c)
	}
	v, err := sms.NewValidator(sms.Rules{
		Provider:      r.name,
		DefaultRegion: opts.DefaultRegion,
		CheckMessage:  internationalAbroad,
	}, opts.Templates)
	if err != nil {
		return nil, err
	}
	r.validator = v
	if err := r.checkTemplates(opts.Templates); err != nil {
		return nil, err
	}
	return r, nil
}

// compile checks the i-th route and compiles it, or says what is wrong.
func compile(rt Route, i int) (compiledRoute, string) {
	c := compiledRoute{name: rt.Name, label: "route " + strconv.Quote(rt.Name)}
	if rt.Name == "" {
		c.name = "route " + strconv.Itoa(i+1)
		c.label = c.name
	}
	m, problem := newMatcher(rt, c.label)
	if problem != "" {
		return c, problem
	}
	c.matcher = m
	if len(rt.Targets) == 0 {
		return c, c.label + ": no targets: Route.Targets needs at least one"
	}
	seen := map[string]bool{}
	for j, t := range rt.Targets {
		where := c.label + " target " + strconv.Quote(t.Name)
		switch {
		case strings.TrimSpace(t.Name) == "":
			return c, c.label + " target " + strconv.Itoa(j+1) + ": Target.Name is empty"
		case seen[t.Name]:
			return c, where + ": two targets of the route have this name"
		case t.Sender == nil:
			return c, where + ": Target.Sender is nil"
		case t.Weight < 0:
			return c, where + ": Weight " + strconv.Itoa(t.Weight) + " is negative"
		case t.Weight > MaxWeight:
			return c, where + ": Weight " + strconv.Itoa(t.Weight) + " is more than MaxWeight " + strconv.Itoa(MaxWeight)
		}
		seen[t.Name] = true
	}
	targets := append([]Target(nil), rt.Targets...)
	c.tiers = tiers(targets)
	c.size = len(targets)
	return c, ""
}
