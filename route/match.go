package route

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/smskit/sms"
)

// matcher is a Route's compiled matching rule.
type matcher struct {
	prefixes []string
	regions  []string // upper case
	match    func(sms.Message) bool
}

// newMatcher checks r's Prefixes and Regions and compiles them; label names
// the route in the error.
func newMatcher(r Route, label string) (matcher, string) {
	m := matcher{match: r.Match}
	for _, p := range r.Prefixes {
		if !validPrefix(p) {
			return m, label + ": prefix " + strconv.Quote(p) + ` is not an E.164 prefix: want "+" and digits, such as "+86"`
		}
		m.prefixes = append(m.prefixes, p)
	}
	for _, region := range r.Regions {
		upper := strings.ToUpper(strings.TrimSpace(region))
		cc := phonenumbers.GetCountryCodeForRegion(upper)
		if cc == 0 {
			return m, label + ": region " + strconv.Quote(region) + ` is not a known ISO 3166-1 region, such as "CN" or "US"`
		}
		if len(phonenumbers.GetRegionCodesForCountryCode(cc)) == 1 {
			// The region owns its calling code, which is prefix-free:
			// matching the prefix spares parsing the number again.
			m.prefixes = append(m.prefixes, "+"+strconv.Itoa(cc))
			continue
		}
		m.regions = append(m.regions, upper)
	}
	return m, ""
}

// matchesAll reports whether m has no rule, so it matches every message.
func (m matcher) matchesAll() bool {
	return len(m.prefixes) == 0 && len(m.regions) == 0 && m.match == nil
}

// matches reports whether msg, normalized, matches m; region is the
// recipient's region.
func (m matcher) matches(msg sms.Message, region string) bool {
	if m.matchesAll() {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(msg.To, p) {
			return true
		}
	}
	if len(m.regions) > 0 && slices.Contains(m.regions, region) {
		return true
	}
	return m.match != nil && m.match(msg)
}

// validPrefix reports whether p is "+" followed by at least one digit.
func validPrefix(p string) bool {
	if len(p) < 2 || p[0] != '+' {
		return false
	}
	for _, c := range p[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
