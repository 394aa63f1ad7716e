package senderkit

import "github.com/smskit/sms"

// E164 returns number in E.164, reading a national number in region, or
// number as it is when it is not a valid number, so that it matches no
// recorded message (recorded messages have valid numbers).
func E164(number, region string) string {
	p, err := sms.ParsePhone(number, region)
	if err != nil {
		return number
	}
	return p.E164()
}
