package route

import (
	"context"
	"slices"

	"github.com/smskit/sms"
)

var _ sms.StatusChecker = (*Router)(nil)

// Status implements sms.StatusChecker: it asks the target that sent the
// message, which q.Provider names (Result.Provider, the target's name), for
// its status, through any middleware around it (see sms.As). With
// q.Provider empty, it asks the one target that can tell, if there is
// exactly one. Asking for a target that is not the router's, or that cannot
// tell, is an *sms.Error with code InvalidArgument.
func (r *Router) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if ctx == nil {
		return sms.Status{}, r.statusError("nil context.Context", sms.ErrNilContext)
	}
	var names []string
	var found sms.StatusChecker
	for _, rt := range r.routes {
		for _, ti := range rt.tiers {
			for _, t := range ti.targets {
				sc, ok := sms.As[sms.StatusChecker](t.Sender)
				if !ok || slices.Contains(names, t.Name) {
					continue
				}
				if q.Provider == t.Name {
					st, err := sc.Status(ctx, q)
					if err == nil && st.Provider == "" {
						st.Provider = t.Name
					}
					return st, err
				}
				names = append(names, t.Name)
				found = sc
			}
		}
	}
	switch {
	case q.Provider == "" && len(names) == 1:
		return found.Status(ctx, q)
	case q.Provider == "":
		return sms.Status{}, r.statusError("StatusQuery.Provider is empty and more than one target can tell: set it to Result.Provider", nil)
	}
	return sms.Status{}, r.statusError("no target "+sms.Quote(q.Provider)+" that can tell a message's status", nil)
}

// statusError returns Status's error for a query it cannot serve.
func (r *Router) statusError(message string, rule error) error {
	return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: r.name, Message: message, Err: rule}
}
