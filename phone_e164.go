package sms

import (
	"regexp"
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// parseE164 is ParsePhone's fast path for a valid number of any country
// already in E.164 ("+442079460958"): it skips phonenumbers.Parse, whose
// regular expressions cost more than the validity check itself, and builds
// the number libphonenumber would build.
//
// That is only so when Parse would take the digits after the country code
// as they are. It does not when they start with 0 (an Italian leading zero)
// or with what the country's metadata calls a national prefix or carrier
// code (Parse may strip it: "+375 8 10..." loses its 8); parseE164 reports
// false for those and for anything else, which then takes the full path.
func parseE164(raw string) (Phone, bool) {
	cc, national, ok := splitE164(raw)
	if !ok || len(national) < 4 || national[0] == '0' {
		return Phone{}, false
	}
	code, _ := strconv.Atoi(cc)
	if startsWithNationalPrefix(code, national) {
		return Phone{}, false
	}
	nn, err := strconv.ParseUint(national, 10, 64)
	if err != nil {
		return Phone{}, false
	}
	code32 := int32(code)
	num := &phonenumbers.PhoneNumber{CountryCode: &code32, NationalNumber: &nn}
	if !phonenumbers.IsValidNumber(num) {
		return Phone{}, false
	}
	return Phone{CountryCode: code, National: national, Region: phonenumbers.GetRegionCodeForNumber(num)}, true
}

// splitE164 splits "+8613800138000" into "86" and "13800138000" using the
// country calling codes known to phonenumbers, which are prefix-free. No
// country code starts with 0: "+014155552671" is not E.164 (libphonenumber
// refuses it), although "1" is a country code.
func splitE164(number string) (cc, national string, ok bool) {
	if len(number) < 2 || len(number) > 16 || number[0] != '+' || number[1] == '0' {
		return "", "", false // E.164 allows at most 15 digits
	}
	for _, c := range number[1:] {
		if c < '0' || c > '9' {
			return "", "", false
		}
	}
	for n := 1; n <= 3 && n < len(number)-1; n++ {
		code, _ := strconv.Atoi(number[1 : 1+n])
		if phonenumbers.GetRegionCodeForCountryCode(code) != "ZZ" {
			return number[1 : 1+n], number[1+n:], true
		}
	}
	return "", "", false
}

// startsWithNationalPrefix reports whether Parse might strip a national
// prefix or carrier code from the start of national, a number of country
// calling code cc, or transform it: whether the national-prefix-for-parsing
// pattern of the metadata Parse uses for cc (that of the code's main
// region) matches something there. It answers true when it cannot tell.
func startsWithNationalPrefix(cc int, national string) bool {
	prefixes := nationalPrefixes()
	if prefixes == nil {
		return true
	}
	p, ok := prefixes[cc]
	if !ok {
		return false // no pattern: Parse strips nothing
	}
	re := p.compile()
	if re == nil {
		return true
	}
	m := re.FindStringSubmatchIndex(national)
	switch {
	case m == nil:
		return false
	case m[1] > 0:
		return true
	}
	// An empty match (the pattern is optional, as Argentina's) strips
	// nothing; only a transform rule could still change the number, if the
	// last group took part.
	return p.transform && m[len(m)-2] >= 0
}

// nationalPrefix is one country code's national-prefix-for-parsing pattern,
// compiled on first use.
type nationalPrefix struct {
	pattern   string
	transform bool // the metadata has a national prefix transform rule
	once      sync.Once
	re        *regexp.Regexp
}

func (p *nationalPrefix) compile() *regexp.Regexp {
	p.once.Do(func() {
		p.re, _ = regexp.Compile("^(?:" + p.pattern + ")")
	})
	return p.re
}

// nationalPrefixes maps each country calling code to the pattern with which
// phonenumbers.Parse strips a national prefix or carrier code from its
// numbers, read from phonenumbers' own metadata on first use; nil if the
// metadata cannot be read.
var nationalPrefixes = sync.OnceValue(func() map[int]*nationalPrefix {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil || coll == nil {
		return nil
	}
	m := make(map[int]*nationalPrefix)
	for _, md := range coll.GetMetadata() {
		cc := int(md.GetCountryCode())
		if md.GetId() != phonenumbers.GetRegionCodeForCountryCode(cc) {
			continue // Parse reads the code's main region ("001" for non-geographic codes)
		}
		if p := md.GetNationalPrefixForParsing(); p != "" {
			m[cc] = &nationalPrefix{pattern: p, transform: md.GetNationalPrefixTransformRule() != ""}
		}
	}
	return m
})
