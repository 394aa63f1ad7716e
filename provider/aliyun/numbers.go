package aliyun

import "strings"

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
