package route

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/smskit/sms"
)

// CheckTemplate implements sms.TemplateChecker: it returns nil when t is
// declared to the router as given (if the router declares templates) and
// every target of every route can serve t (each target's Sender, or one it
// wraps, that implements sms.TemplateChecker), and otherwise an error
// wrapping sms.ErrInvalidOptions, and ErrTemplateUnsupported with each
// target's own error, whose text names every target that cannot. A Router
// inside another Router is checked through it.
func (r *Router) CheckTemplate(t sms.Template) error {
	if err := r.validator.CheckTemplate(t); err != nil {
		return err
	}
	problems, errs := r.templateProblems(t)
	return unsupported(r.name, problems, errs)
}

// templateProblems describes each target that cannot serve t, with its
// error.
func (r *Router) templateProblems(t sms.Template) (problems []string, errs []error) {
	for _, rt := range r.routes {
		for _, ti := range rt.tiers {
			for _, target := range ti.targets {
				if err := checkTarget(target, t); err != nil {
					problems = append(problems, rt.label+" target "+strconv.Quote(target.Name)+
						" cannot serve template "+strconv.Quote(t.Name)+": "+safeText(err))
					errs = append(errs, err)
				}
			}
		}
	}
	return problems, errs
}

// unsupported returns the error for unservable templates, or nil when
// there are no problems.
func unsupported(router string, problems []string, errs []error) error {
	if len(problems) == 0 {
		return nil
	}
	return &sms.OptionsError{
		Provider: router,
		Reason:   strings.Join(problems, "; "),
		Err:      fmt.Errorf("%w: %w", ErrTemplateUnsupported, errors.Join(errs...)),
	}
}

// checkTemplates checks the declared templates themselves, then that every
// target can serve each.
func (r *Router) checkTemplates(templates []sms.Template) error {
	var problems []string
	var errs []error
	for _, t := range templates {
		p, e := r.templateProblems(t)
		problems = append(problems, p...)
		errs = append(errs, e...)
	}
	return unsupported(r.name, problems, errs)
}

// checkTarget returns the target's verdict on t, or nil when it has no
// checker.
func checkTarget(target Target, t sms.Template) error {
	checker, ok := sms.As[sms.TemplateChecker](target.Sender)
	if !ok {
		return nil
	}
	return checker.CheckTemplate(t)
}

// safeText returns the text of a template checker's own error (not one it wraps), which
// describes templates, never secrets: for an *sms.Error, its provider, code
// and message, without the "sms: " prefix and the "(not accepted)" suffix
// that the router's own error adds again.
func safeText(err error) string {
	se, ok := err.(*sms.Error)
	if !ok {
		return strings.TrimPrefix(err.Error(), "sms: ")
	}
	text := se.Code.String()
	if se.Provider != "" {
		text = se.Provider + ": " + text
	}
	if se.Message != "" {
		text += ": " + se.Message
	}
	return text
}
