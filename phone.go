package sms

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// DefaultRegion is the region assumed for numbers written without a country
// code, when the caller names none: mainland China.
const DefaultRegion = "CN"

// Phone is a parsed, valid phone number. Its String masks the middle digits.
type Phone struct {
	// CountryCode is the ITU country calling code, such as 86.
	CountryCode int
	// National is the national significant number, such as "13800138000".
	National string
	// Region is the ISO 3166-1 region of the number, such as "CN"; "001" for
	// non-geographic numbers.
	Region string
}

// ParsePhone parses raw, in any common format, and checks that it is a valid
// number. Numbers without a country code belong to defaultRegion (an ISO 3166-1
// code such as "CN" or "US"); an empty defaultRegion means DefaultRegion.
//
// A failure is an *Error with code InvalidArgument wrapping ErrInvalidNumber
// (ErrMissingRecipient for an empty raw), whose text shows raw masked and says
// why it was refused.
//
// A mainland China mobile number, in E.164 ("+8613800138000") or national
// form ("13800138000" with region CN), its digits optionally grouped by
// single spaces or hyphens, is checked against the mainland numbering plan
// in well under a microsecond, without allocating (one allocation when
// grouped). libphonenumber decides every other input: tens of microseconds
// the first time, so ParsePhone remembers a bounded number of valid numbers
// and the layers that each parse the same recipient pay it once. Numbers
// seen again after a while are kept apart from numbers seen once, so that a
// flood of new numbers cannot push out the ones in steady use.
func ParsePhone(raw, defaultRegion string) (Phone, error) {
	if defaultRegion == "" {
		defaultRegion = DefaultRegion
	}
	if p, ok := parseMainlandMobile(raw, defaultRegion); ok {
		return p, nil
	}
	return parsedPhones().parse(raw, defaultRegion)
}

// parsePhone is ParsePhone without the cache: the fast paths for the inputs
// they can decide, libphonenumber for the rest.
func parsePhone(raw, defaultRegion string) (Phone, error) {
	if p, ok := parseMainlandMobile(raw, defaultRegion); ok {
		return p, nil
	}
	if p, ok := parseE164(raw); ok {
		return p, nil
	}
	return parsePhoneFull(raw, defaultRegion)
}

// parsePhoneFull is libphonenumber's answer with the rules ParsePhone adds
// (letters are typos, not keypad digits): the reference every fast path
// must agree with.
func parsePhoneFull(raw, defaultRegion string) (Phone, error) {
	if strings.TrimSpace(raw) == "" {
		return Phone{}, invalid(ErrMissingRecipient, "recipient is empty")
	}
	if strings.ContainsFunc(raw, unicode.IsLetter) {
		// libphonenumber reads letters as keypad digits (1-800-FLOWERS); in
		// an SMS recipient they are typos, such as O for 0.
		return Phone{}, invalid(ErrInvalidNumber, "recipient "+MaskPhone(raw)+": contains letters")
	}
	num, err := phonenumbers.Parse(raw, defaultRegion)
	if err != nil {
		return Phone{}, invalid(ErrInvalidNumber, "recipient "+MaskPhone(raw)+": "+parseReason(err))
	}
	if !phonenumbers.IsValidNumber(num) {
		return Phone{}, invalid(ErrInvalidNumber, "recipient "+MaskPhone(raw)+": "+validityReason(num))
	}
	return Phone{
		CountryCode: int(num.GetCountryCode()),
		National:    phonenumbers.GetNationalSignificantNumber(num),
		Region:      phonenumbers.GetRegionCodeForNumber(num),
	}, nil
}

// E164 formats p as E.164, such as "+8613800138000".
func (p Phone) E164() string {
	return "+" + strconv.Itoa(p.CountryCode) + p.National
}

// e164 returns p.E164() for p parsed from raw, and raw itself when it is
// written that way, so that a number given in E.164, the common case, costs
// no allocation.
func (p Phone) e164(raw string) string {
	n := len(p.National)
	if len(raw) <= n+1 || raw[0] != '+' || raw[len(raw)-n:] != p.National {
		return p.E164()
	}
	var buf [20]byte
	if string(strconv.AppendInt(buf[:0], int64(p.CountryCode), 10)) != raw[1:len(raw)-n] {
		return p.E164()
	}
	return raw
}

// String formats p masked, such as "+86 138****8000".
func (p Phone) String() string {
	return "+" + strconv.Itoa(p.CountryCode) + " " + maskDigits(p.National)
}

// GoString is String, so that %#v masks the number too.
func (p Phone) GoString() string { return "sms.Phone{" + p.String() + "}" }

// maxMaskedLength is the longest input MaskPhone masks character by
// character: a formatted phone number with some slack.
const maxMaskedLength = 40

// MaskPhone masks a phone number for logs and error messages. An E.164 number
// keeps its country code and a few leading and trailing digits
// ("+8613800138000" becomes "+86 138****8000"); anything else keeps at most a
// few characters at each end. At least four characters are always hidden,
// and at most seven shown; input longer than a phone number can be is
// reduced to its length, so that a huge recipient cannot make a huge log
// line.
func MaskPhone(number string) string {
	if cc, national, ok := splitE164(number); ok {
		return "+" + cc + " " + maskDigits(national)
	}
	return maskDigits(number)
}

// maskDigits hides at least four characters, and all but seven of a long
// string, keeping the rest split between its head and tail.
func maskDigits(s string) string {
	if len(s) > maxMaskedLength {
		return "****(" + strconv.Itoa(utf8.RuneCountInString(s)) + " characters)"
	}
	r := []rune(s)
	hidden := 4
	if len(r) > 11 {
		hidden = len(r) - 7
	}
	if len(r) <= hidden {
		return strings.Repeat("*", max(len(r), 4))
	}
	visible := len(r) - hidden
	tail := min(4, (visible+1)/2)
	head := visible - tail
	return string(r[:head]) + strings.Repeat("*", hidden) + string(r[len(r)-tail:])
}

func parseReason(err error) string {
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return "unknown country code"
	case errors.Is(err, phonenumbers.ErrNotANumber):
		return "not a phone number"
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return "too short"
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return "too long"
	}
	return "not a phone number"
}

func validityReason(num *phonenumbers.PhoneNumber) string {
	switch phonenumbers.IsPossibleNumberWithReason(num) {
	case phonenumbers.TOO_SHORT:
		return "too short"
	case phonenumbers.TOO_LONG:
		return "too long"
	case phonenumbers.INVALID_COUNTRY_CODE:
		return "unknown country code"
	}
	region := phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode()))
	return "not a valid number in region " + region
}
