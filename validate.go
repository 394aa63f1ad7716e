package sms

import (
	"errors"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// MaxReferenceLength is the longest Message.Reference, in characters.
const MaxReferenceLength = 256

// The validation failures. Normalize and ParsePhone return them wrapped in an
// *Error with code InvalidArgument, so errors.Is finds which rule was broken.
var (
	ErrMissingRecipient = errors.New("sms: missing recipient")
	ErrInvalidNumber    = errors.New("sms: invalid phone number")
	ErrMissingContent   = errors.New("sms: missing template and body")
	ErrInvalidParam     = errors.New("sms: invalid template param")
	ErrInvalidBody      = errors.New("sms: invalid body")
	ErrReferenceTooLong = errors.New("sms: reference too long")
)

// Normalize checks m as every provider does before sending, and returns a copy
// whose To is in E.164. Numbers without a country code belong to defaultRegion
// (empty means DefaultRegion).
//
// The rules: a valid recipient; a template or a body; param keys non-empty,
// and keys and values valid UTF-8 without control characters; a body of valid
// UTF-8; a reference of at most MaxReferenceLength characters. A violation is
// an *Error with code InvalidArgument that is NotAccepted and wraps one of the
// Err variables above; its text names the param key but never a value.
func Normalize(m Message, defaultRegion string) (Message, error) {
	phone, err := ParsePhone(m.To, defaultRegion)
	if err != nil {
		return Message{}, err
	}
	m.To = phone.E164()
	if m.Template == "" && m.Body == "" {
		return Message{}, invalid(ErrMissingContent, "message has neither template nor body")
	}
	for k, v := range m.Params {
		if reason := textProblem(k); k == "" || reason != "" {
			if k == "" {
				reason = "is empty"
			}
			return Message{}, invalid(ErrInvalidParam, "param key "+strconv.Quote(k)+" "+reason)
		}
		if reason := textProblem(v); reason != "" {
			return Message{}, invalid(ErrInvalidParam, "param "+strconv.Quote(k)+": value "+reason)
		}
	}
	if !utf8.ValidString(m.Body) {
		return Message{}, invalid(ErrInvalidBody, "body is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(m.Reference); n > MaxReferenceLength {
		return Message{}, invalid(ErrReferenceTooLong, "reference has "+strconv.Itoa(n)+
			" characters, more than "+strconv.Itoa(MaxReferenceLength))
	}
	return m, nil
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
