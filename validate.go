package sms

import (
	"errors"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The validation failures. Normalize and ParsePhone return them wrapped in an
// *Error with code InvalidArgument, so errors.Is finds which rule was broken.
var (
	ErrMissingRecipient = errors.New("sms: missing recipient")
	ErrInvalidNumber    = errors.New("sms: invalid phone number")
	ErrMissingContent   = errors.New("sms: missing template and body")
	ErrInvalidParam     = errors.New("sms: invalid template param")
	ErrInvalidBody      = errors.New("sms: invalid body")
	ErrReferenceTooLong = errors.New("sms: reference too long")
	ErrInvalidTemplate  = errors.New("sms: invalid template")
	ErrInvalidSign      = errors.New("sms: invalid sign")
	ErrUnknownTemplate  = errors.New("sms: template not declared")
	ErrExtraParam       = errors.New("sms: param the template does not use")
	ErrWrongKind        = errors.New("sms: template kind does not suit the number")
	ErrNilContext       = errors.New("sms: nil context")
)

// Normalize checks m as every provider does before sending, and returns a copy
// whose To is in E.164. Numbers without a country code belong to defaultRegion
// (empty means DefaultRegion).
//
// The rules: a valid recipient; a template or a body; param keys non-empty,
// and keys and values valid UTF-8 without control characters; a body of valid
// UTF-8; every field within the limits in limits.go (MaxNameLength,
// MaxParams, MaxParamLength, MaxBodyLength, MaxReferenceLength), checked
// before anything else reads it. A violation is
// an *Error with code InvalidArgument that is NotAccepted and wraps one of the
// Err variables above; its text names the param key but never a value.
func Normalize(m Message, defaultRegion string) (Message, error) {
	m, _, err := normalize(m, defaultRegion, coreLimits)
	return m, err
}

// limits are the lengths normalize allows: the core's, or a provider's
// tighter ones.
type limits struct{ param, body int }

// coreLimits are Normalize's limits.
var coreLimits = limits{param: MaxParamLength, body: MaxBodyLength}

// normalize is Normalize, within lim, that also returns the parsed
// recipient.
func normalize(m Message, defaultRegion string, lim limits) (Message, Phone, error) {
	if len(m.To) > MaxRecipientLength {
		return Message{}, Phone{}, invalid(ErrInvalidNumber, "recipient has "+strconv.Itoa(len(m.To))+
			" bytes, more than "+strconv.Itoa(MaxRecipientLength))
	}
	phone, err := ParsePhone(m.To, defaultRegion)
	if err != nil {
		return Message{}, Phone{}, err
	}
	m.To = phone.e164(m.To)
	if err := checkMessage(m, lim); err != nil {
		return Message{}, Phone{}, err
	}
	return m, phone, nil
}

// checkMessage applies Normalize's rules to everything but the recipient.
func checkMessage(m Message, lim limits) *Error {
	if m.Template == "" && m.Body == "" {
		return invalid(ErrMissingContent, "message has neither template nor body")
	}
	if reason := lengthProblem(m.Template, MaxNameLength); reason != "" {
		return invalid(ErrInvalidTemplate, "template name "+reason)
	}
	if reason := textProblem(m.Template); reason != "" {
		return invalid(ErrInvalidTemplate, "template name "+reason)
	}
	if reason := lengthProblem(m.Sign, MaxNameLength); reason != "" {
		return invalid(ErrInvalidSign, "sign "+reason)
	}
	if reason := textProblem(m.Sign); reason != "" {
		return invalid(ErrInvalidSign, "sign "+reason)
	}
	if len(m.Params) > MaxParams {
		return invalid(ErrInvalidParam, "message has "+strconv.Itoa(len(m.Params))+" params, more than "+
			strconv.Itoa(MaxParams))
	}
	for k, v := range m.Params {
		if reason := lengthProblem(k, MaxParamKeyLength); reason != "" {
			return invalid(ErrInvalidParam, "a param key "+reason)
		}
		if reason := lengthProblem(v, lim.param); reason != "" {
			return invalid(ErrInvalidParam, "param "+Quote(k)+": value "+reason)
		}
		if reason := textProblem(k); k == "" || reason != "" {
			if k == "" {
				reason = "is empty"
			}
			return invalid(ErrInvalidParam, "param key "+Quote(k)+" "+reason)
		}
		if reason := textProblem(v); reason != "" {
			return invalid(ErrInvalidParam, "param "+Quote(k)+": value "+reason)
		}
	}
	if reason := lengthProblem(m.Body, lim.body); reason != "" {
		return invalid(ErrInvalidBody, "body "+reason)
	}
	if !utf8.ValidString(m.Body) {
		return invalid(ErrInvalidBody, "body is not valid UTF-8")
	}
	if reason := lengthProblem(m.Reference, MaxReferenceLength); reason != "" {
		return invalid(ErrReferenceTooLong, "reference "+reason)
	}
	return nil
}

// lengthProblem says why s is longer than max characters, or "" when it is
// not. It counts bytes first, so that a huge s costs nothing to refuse.
func lengthProblem(s string, max int) string {
	if len(s) <= max {
		return ""
	}
	if len(s) > 4*max || utf8.RuneCountInString(s) > max {
		return "is longer than " + strconv.Itoa(max) + " characters"
	}
	return ""
}

// textProblem says what makes s unfit for a template param, or "".
func textProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "contains a control character"
		}
	}
	return ""
}

func invalid(rule error, message string) *Error {
	return &Error{Code: InvalidArgument, NotAccepted: true, Message: message, Err: rule}
}
