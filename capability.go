package sms

// Wrapper is implemented by every Sender that wraps another: middleware, the
// router's single-target forms, decorators. Unwrap returns the wrapped Sender,
// so that capabilities of the innermost provider (StatusChecker,
// TemplateChecker, and any later one) stay reachable through any stack of
// wrappers, the way errors.As walks wrapped errors and
// http.ResponseController finds a ResponseWriter's methods.
//
// A wrapper that implements a capability itself (the router's Status, which
// asks the target that sent) is found first; Unwrap is only followed past
// Senders that do not.
type Wrapper interface {
	Sender
	Unwrap() Sender
}

// maxUnwrap bounds the walk, so that a wrapper that unwraps to itself cannot
// loop forever.
const maxUnwrap = 100

// As finds the first Sender in s's chain (s, then s.Unwrap(), and so on)
// that implements T, and returns it as T.
//
//	if sc, ok := sms.As[sms.StatusChecker](sender); ok {
//		st, err := sc.Status(ctx, sms.StatusQuery{MessageID: res.MessageID, To: to})
//	}
func As[T any](s Sender) (T, bool) {
	for i := 0; s != nil && i < maxUnwrap; i++ {
		if t, ok := s.(T); ok {
			return t, true
		}
		w, ok := s.(Wrapper)
		if !ok {
			break
		}
		s = w.Unwrap()
	}
	var zero T
	return zero, false
}

// Unwrap returns the Sender s wraps, or nil when s wraps none.
func Unwrap(s Sender) Sender {
	if w, ok := s.(Wrapper); ok {
		return w.Unwrap()
	}
	return nil
}
