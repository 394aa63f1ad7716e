package aliyun

import (
	"errors"
	"strconv"

	"github.com/smskit/sms"
)

// mainlandCountryCode is the country calling code of mainland China.
const mainlandCountryCode = 86

// ErrAmbiguousNumber is wrapped by the error for a valid recipient that
// Aliyun's SendSms would read as another number (see aliyunNumber's rule in
// the package documentation), so that errors.Is tells it from an invalid
// number: the number is fine, this provider cannot reach it safely.
var ErrAmbiguousNumber = errors.New("aliyun: Aliyun would read the number as another number")

// aliyunNumber returns the PhoneNumbers form of p for SendSms and
// QuerySendDetails: a mainland number as its 11 national digits
// ("13800138000"), any other as country code and number without "+"
// ("85212345678"). It refuses, before any request, every number whose form
// Aliyun would read as a different number:
//
//   - Aliyun reads 11 digits starting with 1, bare or after 86, 0086 or +86,
//     as a mainland mobile number. Country code 1 with its ten digits (the
//     US, Canada and the Caribbean) has exactly that form: +1 312 555 0100
//     would go to 13125550100 in China. So every +1 number is refused (for
//     the US and Canada Aliyun offers SendMessageToGlobe, Dysmsapi
//     2018-05-01); no other country code starts with 1.
//   - A mainland number that is not a mobile number (a landline such as
//     +86 20 5724 7484) has no 11-digit form, and its national digits read
//     as another country's number (+20 57247484, Egypt). SendSms sends to
//     mainland mobile numbers only, so such numbers are refused too.
//
// Country codes are prefix-free, so every other form names one number. See
// the package documentation for how the rule was derived.
func aliyunNumber(p sms.Phone) (string, *sms.Error) {
	if err := checkNumber(p); err != nil {
		return "", err
	}
	if p.CountryCode == mainlandCountryCode {
		return p.National, nil
	}
	return strconv.Itoa(p.CountryCode) + p.National, nil
}

// checkNumber is aliyunNumber's rule, without building the number's form
// (it runs in Rules' check of every message).
func checkNumber(p sms.Phone) *sms.Error {
	if p.CountryCode == mainlandCountryCode {
		if !mainlandMobileForm(p.National) {
			return invalid(ErrAmbiguousNumber, "the recipient is a mainland China number that is not a mobile "+
				"number (11 digits starting with 1): SendSms sends to mainland mobile numbers only, and would read "+
				"its digits as another country's number")
		}
		return nil
	}
	var buf [32]byte
	s := append(strconv.AppendInt(buf[:0], int64(p.CountryCode), 10), p.National...)
	if readsAsMainland(s) {
		return invalid(ErrAmbiguousNumber, "the recipient is a +"+strconv.Itoa(p.CountryCode)+
			" number, which SendSms takes as "+strconv.Itoa(len(s))+" digits starting with 1 and Aliyun reads "+
			"as a mainland China mobile number: the message could reach a stranger in China. Send to the US "+
			"and Canada through Aliyun's SendMessageToGlobe (Dysmsapi 2018-05-01) or another provider")
	}
	return nil
}

// mainlandMobileForm reports whether s is 11 ASCII digits starting with 1,
// the form in which Aliyun reads a mainland mobile number.
func mainlandMobileForm[S ~string | ~[]byte](s S) bool {
	if len(s) != 11 || s[0] != '1' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// readsAsMainland reports whether Aliyun reads s, a PhoneNumbers entry, as a
// mainland mobile number: 11 digits starting with 1, alone or after one of
// the prefixes "+86", "0086" and "86".
func readsAsMainland[S ~string | ~[]byte](s S) bool {
	for _, prefix := range [...]string{"+86", "0086", "86"} {
		if len(s) == len(prefix)+11 && string(s[:len(prefix)]) == prefix && mainlandMobileForm(s[len(prefix):]) {
			return true
		}
	}
	return mainlandMobileForm(s)
}
