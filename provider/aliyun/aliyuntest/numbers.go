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

// parsePhone reads one number in Aliyun's format: a mainland mobile of 11
// digits, optionally prefixed "+86", "0086" or "86", or a country code and
// number without "+" (e.g. "85291234567"). Numbers of the mainland form win
// over other readings, as on Aliyun. Other numbers must be valid mobile or
// fixed-line numbers of a region other than mainland China.
func parsePhone(s string) (phone, bool) {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"+86", "0086", "86"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok && (prefix != "86" || len(rest) == 11) {
			if mainlandMobile.MatchString(rest) {
				return phone{key: rest, mainland: true}, true
			}
			if prefix != "86" {
				return phone{}, false
			}
		}
	}
	if mainlandMobile.MatchString(s) {
		return phone{key: s, mainland: true}, true
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

// phoneKey is the canonical form of s for lookups, or s itself if Aliyun
// would reject it.
func phoneKey(s string) string {
	if p, ok := parsePhone(s); ok {
		return p.key
	}
	return strings.TrimSpace(s)
}
