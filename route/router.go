package route

import (
	"context"
	"math/rand/v2"

	"github.com/smskit/sms"
)

// Router is an sms.Sender made of Senders: it picks a route by the
// recipient and sends through the route's targets, failing over from one to
// the next only when that cannot send a message twice. It is safe for
// concurrent use; build it with New.
//
// Send, in order:
//
//  1. refuses at once, with Canceled or DeadlineExceeded and not accepted, a
//     context that has already ended;
//  2. checks and normalizes the message with sms.Normalize (InvalidArgument,
//     not accepted), once for all targets;
//  3. takes the first route that matches the recipient, or fails with
//     InvalidArgument wrapping ErrNoRoute;
//  4. tries the route's targets in order (weighted groups drawn at random).
//     The first success is returned with Result.Provider set to the
//     target's Name and, after failover, Result.Attempts counting one for
//     each failed target (its own retries, if it retries, are not seen)
//     plus the sending target's own Attempts. A failure moves on to the
//     next target only when the failover policy allows it (DefaultFailOver
//     unless Options.FailOver), the failure was definitely not accepted and
//     the context has not ended.
//
// When every target tried failed, the error is an *sms.Error whose Provider
// is the router's Name and whose Err is an *Error listing each target's
// failure; its text names each target and its failure, and errors.Is and
// errors.As reach each target's error. Its Code, ProviderCode, RequestID
// and RetryAfter are the last failure's, the one that decided the outcome;
// it is NotAccepted only when every target tried definitely did not accept
// the message, so sms.IsNotAccepted stays the safe answer.
type Router struct {
	name      string
	validator *sms.Validator
	routes    []compiledRoute
	failOver  func(error) bool
	intn      func(int) int
}

// compiledRoute is a checked Route.
type compiledRoute struct {
	name    string // Route.Name, or "route N"
	label   string // for error texts: `route "cn"` or "route N"
	matcher matcher
	tiers   []tier
	size    int // number of targets
}

// Send sends msg through the first route that matches its recipient,
// failing over as the Router's doc describes.
func (r *Router) Send(ctx context.Context, msg sms.Message) (sms.Result, error) {
	p, err := r.validator.Prepare(ctx, msg)
	if err != nil {
		return sms.Result{}, err
	}
	norm := p.Message
	rt, err := r.pick(p)
	if err != nil {
		return sms.Result{}, err
	}
	var buf [8]Target
	targets := order(buf[:0], rt.tiers, r.intn)
	var failures []Failure
	for i, t := range targets {
		if err := ctx.Err(); i > 0 && err != nil {
			// The caller gave up while an earlier target failed: the next
			// one is not tried, and the error says why.
			failures = append(failures, Failure{Target: t.Name, Err: sms.ContextError(err, true)})
			break
		}
		res, err := t.Sender.Send(ctx, norm)
		if err == nil {
			return r.result(res, t.Name, len(failures)), nil
		}
		failures = append(failures, Failure{Target: t.Name, Err: err})
		if !sms.IsNotAccepted(err) || !r.failOver(err) {
			break
		}
	}
	return sms.Result{}, summarize(r.name, rt.label, &Error{Route: rt.name, Failures: failures}, rt.size)
}

// pick returns the first route matching p.
func (r *Router) pick(p sms.Prepared) (*compiledRoute, error) {
	for i := range r.routes {
		if r.routes[i].matcher.matches(p.Message, p.Phone.Region) {
			return &r.routes[i], nil
		}
	}
	return nil, &sms.Error{
		Code:        sms.InvalidArgument,
		NotAccepted: true,
		Provider:    r.name,
		Message:     "no route for recipient " + p.Phone.String(),
		Err:         ErrNoRoute,
	}
}

// result returns res, sent by target after failed earlier targets, as the
// Router reports it.
func (r *Router) result(res sms.Result, target string, failed int) sms.Result {
	res.Provider = target
	if failed > 0 {
		res.Attempts = max(res.Attempts, 1) + failed
	}
	return res
}

// own returns e with the router as its Provider.
func defaultIntN(n int) int { return rand.IntN(n) }
