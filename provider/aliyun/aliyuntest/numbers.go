package aliyuntest

import (
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// mainlandMobile matches a mainland China mobile number without prefix.
var mainlandMobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

var digits = regexp.MustCompile(`^[0-9]{7,15}$`)

// phone is a recipient number as Aliyun reads it.
type phone struct {
	// key is the canonical form: 11 digits for the mainland, country code
	// and number without "+" elsewhere. Limits and queries match on it.
	key      string
	mainland bool
}

// e164 formats p in E.164.
func (p phone) e164() string {
	if p.mainland {
		return "+86" + p.key
	}
	return "+" + p.key
}

// parsePhone reads one number as Aliyun reads PhoneNumbers. The mainland
// reading comes first: 11 digits starting with 1, bare or after "+86",
// "0086" or "86", are a mainland number, valid when it is a mobile number
// (1[3-9] and nine digits). So "13125550100" is a mainland number, although
// it is also +1 312 555 0100 without its "+": a sender that writes a US
// number that way reaches a stranger in China. Anything else is a country
// code and number without "+" (e.g. "85291234567"), which must be a valid
// number of a region other than mainland China.
func parsePhone(s string) (phone, bool) {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"+86", "0086", "86"} {
		rest, ok := strings.CutPrefix(s, prefix)
		switch {
		case ok && mainlandForm(rest):
			return mainlandPhone(rest)
		case ok && prefix != "86":
			return phone{}, false // mainland numbers are mobile numbers only
		}
	}
	if mainlandForm(s) {
		return mainlandPhone(s)
	}
	if !digits.MatchString(s) {
		return phone{}, false
	}
	num, err := phonenumbers.Parse("+"+s, "")
	if err != nil || !phonenumbers.IsValidNumber(num) || phonenumbers.GetRegionCodeForNumber(num) == "CN" {
		return phone{}, false
	}
	return phone{key: s}, true
}

// mainlandForm reports whether s has the form Aliyun reads as a mainland
// number: 11 digits starting with 1.
func mainlandForm(s string) bool {
	if len(s) != 11 || s[0] != '1' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// mainlandPhone reads s, of the mainland form, as a mainland number: valid
// only as a mobile number.
func mainlandPhone(s string) (phone, bool) {
	if !mainlandMobile.MatchString(s) {
		return phone{}, false
	}
	return phone{key: s, mainland: true}, true
}

// phoneKey is the canonical form of s for lookups, or s itself if Aliyun
// would reject it.
func phoneKey(s string) string {
	if p, ok := parsePhone(s); ok {
		return p.key
	}
	return strings.TrimSpace(s)
}
