package aliyun

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// mainlandPrefix is the E.164 prefix of mainland China, whose numbers Aliyun
// takes as 11 national digits.
const mainlandPrefix = "+86"

// aliyunNumber formats an E.164 number as Aliyun's PhoneNumbers expects it:
// mainland numbers as their 11 national digits ("13800138000"), every other
// region as country code and number without "+" ("85212345678").
// Country calling codes are prefix-free, so "+86" is mainland China only.
func aliyunNumber(e164 string) string {
	if national, ok := strings.CutPrefix(e164, mainlandPrefix); ok {
		return national
	}
	return strings.TrimPrefix(e164, "+")
}

// mainlandMobile matches the national numbers that phonenumbers takes for
// valid mainland mobile numbers, with CN's mobile pattern compiled once from
// phonenumbers' own metadata. (A type's pattern lies within the general
// one, which is their union, so the general pattern need not be checked;
// the tests compare the result with sms.Normalize.)
var mainlandMobile = sync.OnceValue(func() func(string) bool {
	never := func(string) bool { return false }
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return never
	}
	i := slices.IndexFunc(coll.GetMetadata(), func(m *phonenumbers.PhoneMetadata) bool { return m.GetId() == "CN" })
	if i < 0 {
		return never
	}
	mobile := coll.GetMetadata()[i].GetMobile()
	if !slices.Contains(mobile.GetPossibleLength(), 11) {
		return never
	}
	re, err := regexp.Compile("^(?:" + mobile.GetNationalNumberPattern() + ")$")
	if err != nil {
		return never
	}
	return re.MatchString
})

// isMainlandMobileE164 reports whether to is a valid mainland mobile number
// already in E.164 ("+86" and 11 digits starting with 1), the common case
// that needs no full parse. Numbers that start with a prefix CN strips when
// parsing (11, 12, 179) are left to the full parse.
func isMainlandMobileE164(to string) bool {
	national, ok := strings.CutPrefix(to, mainlandPrefix)
	if !ok || len(national) != 11 || national[0] != '1' || national[1] == '1' || national[1] == '2' ||
		strings.HasPrefix(national, "179") {
		return false
	}
	for i := 0; i < len(national); i++ {
		if national[i] < '0' || national[i] > '9' {
			return false
		}
	}
	return mainlandMobile()(national)
}
