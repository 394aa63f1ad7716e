package sms

import (
	"hash/fnv"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// mainlandMobilePrefixes are the leading digits of mainland China's mobile
// numbers (11 digits, the first 1) in libphonenumber's metadata, at most
// five digits each: a number is a mobile number if and only if it starts
// with one of them. They are written by hand from the metadata's mobile
// pattern, and TestMainlandMobilePrefixesMatchMetadata checks them against
// that pattern for every five-digit prefix.
const mainlandMobilePrefixes = "13 145 147 150 151 152 153 155 156 157 158 159 " +
	"162 165 166 167 170 171 172 173 17400 17401 17402 17403 17404 17405 " +
	"175 176 177 178 18 190 191 192 193 195 196 197 198 199"

// mainlandMetadataFingerprint is mainlandFingerprint of the libphonenumber
// metadata the prefixes above were checked against. When the metadata in
// the build differs (a newer github.com/nyaruka/phonenumbers chosen by the
// application's go.mod), the mainland fast path turns itself off and
// libphonenumber decides every number: a stale table could otherwise accept
// a number the library refuses.
const mainlandMetadataFingerprint = 0x3dbf85b0cb88bfd0

// mainlandPlan is mainlandMobilePrefixes as a bit set of the four digits that
// follow the leading 1, so that a check is one lookup.
type mainlandPlan struct {
	bits [10000/64 + 1]uint64
}

// mainlandPlanIfCurrent builds the plan on first use, or returns nil if the
// metadata in the build is not the one the prefixes were checked against.
var mainlandPlanIfCurrent = sync.OnceValue(func() *mainlandPlan {
	return mainlandPlanFor(mainlandFingerprint())
})

// mainlandPlanFor is the plan for metadata of fingerprint fp (ok: it could
// be read): nil unless it is the metadata the prefixes were checked against.
func mainlandPlanFor(fp uint64, ok bool) *mainlandPlan {
	if !ok || fp != mainlandMetadataFingerprint {
		return nil
	}
	return newMainlandPlan(mainlandMobilePrefixes)
}

// newMainlandPlan builds the bit set of a list of prefixes such as "13 17400".
func newMainlandPlan(prefixes string) *mainlandPlan {
	p := new(mainlandPlan)
	for _, prefix := range strings.Fields(prefixes) {
		// The prefix covers every five-digit start it begins.
		rest := 5 - len(prefix)
		base, _ := strconv.Atoi(prefix[1:])
		for i := range pow10(rest) {
			n := base*pow10(rest) + i
			p.bits[n/64] |= 1 << (n % 64)
		}
	}
	return p
}

func pow10(n int) int {
	r := 1
	for range n {
		r *= 10
	}
	return r
}

// isMobile reports whether d, 11 ASCII digits, is a mainland mobile number.
func (p *mainlandPlan) isMobile(d []byte) bool {
	if d[0] != '1' {
		return false
	}
	n := int(d[1]-'0')*1000 + int(d[2]-'0')*100 + int(d[3]-'0')*10 + int(d[4]-'0')
	return p.bits[n/64]&(1<<(n%64)) != 0
}

// maxMainlandInput is the longest input the mainland fast path reads:
// "+86" and 11 digits with a separator between every two digits.
const maxMainlandInput = 1 + 2*13 - 1

// parseMainlandMobile is ParsePhone's fast path for mainland China mobile
// numbers, the numbers the Aliyun provider sends to: "+8613800138000", or
// "13800138000" when region is "CN", the digits optionally grouped by single
// spaces or hyphens ("+86 138-0013-8000"). It reports false for anything it
// is not sure of, which then goes to libphonenumber; what it accepts,
// libphonenumber accepts as the same number (TestParsePhoneDifferential).
//
// Such a number is valid whatever follows its first five digits, and none of
// them looks like an international or national prefix or a carrier code,
// which libphonenumber would strip.
func parseMainlandMobile(raw, region string) (Phone, bool) {
	if len(raw) < 11 || len(raw) > maxMainlandInput {
		return Phone{}, false
	}
	s, international := raw, raw[0] == '+'
	if international {
		s = raw[1:]
	} else if region != "CN" {
		return Phone{}, false
	}
	var digits [13]byte
	n, grouped := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
			if n == len(digits) {
				return Phone{}, false
			}
			digits[n] = c
			n++
		case (c == ' ' || c == '-') && i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1]):
			grouped = true
		default:
			return Phone{}, false
		}
	}
	national := digits[:n]
	if international {
		if n != 13 || digits[0] != '8' || digits[1] != '6' {
			return Phone{}, false
		}
		national = digits[2:13]
	} else if n != 11 {
		return Phone{}, false
	}
	plan := mainlandPlanIfCurrent()
	if plan == nil || !plan.isMobile(national) {
		return Phone{}, false
	}
	nsn := raw[len(raw)-11:] // the digits themselves: no allocation
	if grouped {
		nsn = string(national)
	}
	return Phone{CountryCode: 86, National: nsn, Region: "CN"}, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// mainlandFingerprint hashes what libphonenumber's answer for a mainland
// mobile number depends on: the regions of country code 86, and from the CN
// metadata the general and mobile number patterns and lengths, the
// international prefix and the national prefix rules that Parse strips.
func mainlandFingerprint() (uint64, bool) {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil || coll == nil {
		return 0, false
	}
	h := fnv.New64a()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	lengths := func(l []int32) {
		for _, n := range l {
			write(strconv.Itoa(int(n)))
		}
		write("|")
	}
	write(strings.Join(phonenumbers.GetRegionCodesForCountryCode(86), ","))
	found := false
	for _, md := range coll.GetMetadata() {
		if md.GetId() != "CN" {
			continue
		}
		found = true
		write(strconv.Itoa(int(md.GetCountryCode())))
		write(md.GetGeneralDesc().GetNationalNumberPattern())
		lengths(md.GetGeneralDesc().GetPossibleLength())
		lengths(md.GetGeneralDesc().GetPossibleLengthLocalOnly())
		write(md.GetMobile().GetNationalNumberPattern())
		lengths(md.GetMobile().GetPossibleLength())
		lengths(md.GetMobile().GetPossibleLengthLocalOnly())
		write(strconv.FormatBool(md.GetSameMobileAndFixedLinePattern()))
		write(md.GetInternationalPrefix())
		write(md.GetNationalPrefix())
		write(md.GetNationalPrefixForParsing())
		write(md.GetNationalPrefixTransformRule())
	}
	return h.Sum64(), found
}
