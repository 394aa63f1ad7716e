package alidayu_test

import (
	"math/rand/v2"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/alidayu/alidayutest"
)

// TestSignPublishedVectors pins both signers (package alidayu's and the
// emulator's, written apart) to signatures published with their inputs.
func TestSignPublishedVectors(t *testing.T) {
	tests := []struct {
		name, secret, method, want string
		params                     url.Values
	}{{
		// Taobao open platform, "签名算法" worked example:
		// https://open.taobao.com/doc.htm?docId=101617&docType=1
		// (string to sign "helloworldapp_key12345678fields...v2.0helloworld").
		name: "TOP md5, secret helloworld", secret: "helloworld", method: alidayu.SignMD5,
		want: "66987CB115214E59E6EC978214934FB8",
		params: url.Values{
			"method": {"taobao.item.seller.get"}, "app_key": {"12345678"}, "session": {"test"},
			"timestamp": {"2016-01-01 12:00:00"}, "format": {"json"}, "v": {"2.0"}, "sign_method": {"md5"},
			"fields": {"num_iid,title,nick,price,num"}, "num_iid": {"11223344"},
		},
	}, {
		// TOP's older API guide, "完整的调用例子" (appkey=test, secret=test),
		// quoted at https://segmentfault.com/q/1010000002569107.
		name: "TOP md5, secret test", secret: "test", method: alidayu.SignMD5,
		want: "72CB4D809B375A54502C09360D879C64",
		params: url.Values{
			"method": {"taobao.user.seller.get"}, "timestamp": {"2013-05-06 13:52:03"}, "format": {"xml"},
			"app_key": {"test"}, "v": {"2.0"}, "fields": {"nick"}, "sign_method": {"md5"}, "session": {"test"},
		},
	}, {
		// No TOP page found publishes an hmac signature with its inputs, so
		// this is the published HMAC-MD5 vector of RFC 2202, test case 2
		// (key "Jefe", data "what do ya want for nothing?"), as a TOP
		// parameter set whose name+value concatenation is that data.
		name: "hmac, RFC 2202 case 2", secret: "Jefe", method: alidayu.SignHMAC,
		want:   "750C783E6AB0B503EAA86E310A5DB738",
		params: url.Values{"what do ya want": {" for nothing?"}},
	}, {
		// The same, split over two parameters that sort back into the data,
		// with a sign and an empty parameter that are left out.
		name: "hmac, RFC 2202 case 2, sorted", secret: "Jefe", method: alidayu.SignHMAC,
		want:   "750C783E6AB0B503EAA86E310A5DB738",
		params: url.Values{"want for nothing": {"?"}, "w": {"hat do ya "}, "sign": {"X"}, "a": {""}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, alidayu.Sign(tt.params, tt.secret, tt.method))
			assert.Equal(t, tt.want, alidayutest.Sign(tt.params, tt.secret, tt.method))
		})
	}
}

// TestSignersAgree: the two signers agree on random parameter sets, in both
// methods.
func TestSignersAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		alphabet := []rune("az09_ 中文,{}\":+%&=")
		b := make([]rune, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for i := range 500 {
		p := url.Values{}
		for range r.IntN(8) {
			p.Set(word()+strconv.Itoa(i), word())
		}
		secret := "s" + word()
		for _, m := range []string{alidayu.SignMD5, alidayu.SignHMAC} {
			assert.Equal(t, alidayutest.Sign(p, secret, m), alidayu.Sign(p, secret, m), "%v %s", p, m)
		}
	}
}
