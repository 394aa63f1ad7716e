package sms_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		raw, region string
		want        string
		wantRegion  string
	}{
		{"+8613800138000", "", "+8613800138000", "CN"},
		{"13800138000", "", "+8613800138000", "CN"},
		{"138 0013 8000", "", "+8613800138000", "CN"},
		{"008613800138000", "", "+8613800138000", "CN"},
		{"+86 138-0013-8000", "US", "+8613800138000", "CN"},
		{"(202) 555-0143", "US", "+12025550143", "US"},
		{"+852 6123 4567", "", "+85261234567", "HK"},
		{"+44 7400 123456", "", "+447400123456", "GB"},
		{"138-0013-8000", "", "+8613800138000", "CN"},
		{"+86-138-0013-8000", "ZZ", "+8613800138000", "CN"},
		{"+8617400512345", "", "+8617400512345", "CN"}, // 1740[0-5]: mobile
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			p, err := sms.ParsePhone(tt.raw, tt.region)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.E164())
			assert.Equal(t, tt.wantRegion, p.Region)
		})
	}
}

func TestParsePhoneErrors(t *testing.T) {
	tests := []struct {
		raw    string
		rule   error
		reason string
	}{
		{"", sms.ErrMissingRecipient, "recipient is empty"},
		{"   ", sms.ErrMissingRecipient, "recipient is empty"},
		{"hello", sms.ErrInvalidNumber, "contains letters"},
		{"+86138OO138OOO", sms.ErrInvalidNumber, "contains letters"},
		{"1-800-FLOWERS", sms.ErrInvalidNumber, "contains letters"},
		{"+86 138 0013 8000 ext. 12", sms.ErrInvalidNumber, "contains letters"},
		{"1", sms.ErrInvalidNumber, "not a phone number"},
		{"+999123456789", sms.ErrInvalidNumber, "unknown country code"},
		{"1380013800", sms.ErrInvalidNumber, "not a valid number in region CN"},
		{"+86138001380001234", sms.ErrInvalidNumber, "too long"},
		{"+8612345678901", sms.ErrInvalidNumber, "not a valid number in region CN"},
		// A leading zero is no country code: the E.164 fast path read these
		// as Norwegian (+47) and US (+1) numbers.
		{"+04770000000", sms.ErrInvalidNumber, "unknown country code"},
		{"+014155552671", sms.ErrInvalidNumber, "unknown country code"},
		// libphonenumber strips Belarus's national prefix 8 after the
		// country code; the E.164 fast path took the number as it was.
		{"+3758108918981", sms.ErrInvalidNumber, "not a valid number in region BY"},
		{"+8617406512345", sms.ErrInvalidNumber, "not a valid number in region CN"}, // 1740[6-9]: no mobile
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			_, err := sms.ParsePhone(tt.raw, "")
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.rule)
			assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.Contains(t, err.Error(), tt.reason)
			if len(tt.raw) > 6 {
				assert.NotContains(t, err.Error(), tt.raw, "the full input must be masked")
			}
		})
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+8613800138000", "+86 138****8000"},
		{"+12025550143", "+1 202****143"},
		{"+85261234567", "+852 61****67"},
		{"+447700900123", "+44 770****123"},
		{"+861380013800012345", "+86************2345"}, // longer than E.164 allows,
		{"13800138000", "138****8000"},
		{"12345", "****5"},
		{"1234", "****"},
		{"", "****"},
		{"+86abc", "+****c"},
		{"+014155552671", "+01******2671"}, // no country code starts with 0
		{"电话号码是一二三", "电话****二三"},
		{strings.Repeat("1", 41), "****(41 characters)"},
		{"+" + strings.Repeat("8", 100), "****(101 characters)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, sms.MaskPhone(tt.in))
		})
	}
}

func TestPhoneString(t *testing.T) {
	p, err := sms.ParsePhone("13800138000", "")
	require.NoError(t, err)
	assert.Equal(t, "+86 138****8000", p.String())
	assert.Equal(t, "sms.Phone{+86 138****8000}", fmt.Sprintf("%#v", p))
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", p, p, p), "13800138000")
}

// TestParsePhoneMainlandAllocations: a mainland mobile number costs no
// allocation, one when its digits are grouped (the national number is
// built).
func TestParsePhoneMainlandAllocations(t *testing.T) {
	for _, tt := range []struct {
		raw, region string
		allocs      float64
	}{
		{"+8613800138000", "", 0},
		{"13800138000", "", 0},
		{"13800138000", "CN", 0},
		{"+86 138 0013 8000", "US", 1},
		{"138-0013-8000", "", 1},
	} {
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := sms.ParsePhone(tt.raw, tt.region); err != nil {
				t.Fatal(err)
			}
		})
		assert.Equal(t, tt.allocs, allocs, tt.raw)
	}
}

// BenchmarkParsePhone measures a repeated number: a mainland mobile number,
// checked without the cache.
func BenchmarkParsePhone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sms.ParsePhone("+8613800138000", ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMaskPhone(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = sms.MaskPhone("+8613800138000")
	}
}

// TestParsePhoneFastPathAgrees checks ParsePhone's E.164 fast path against
// the full phonenumbers.Parse for libphonenumber's example numbers of every
// region and number type, and near misses of each.
func TestParsePhoneFastPathAgrees(t *testing.T) {
	checked := 0
	for region := range phonenumbers.GetSupportedRegions() {
		for _, typ := range []phonenumbers.PhoneNumberType{
			phonenumbers.MOBILE, phonenumbers.FIXED_LINE, phonenumbers.TOLL_FREE, phonenumbers.VOIP,
		} {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			e164 := phonenumbers.Format(ex, phonenumbers.E164)
			for _, in := range []string{e164, e164 + "1", e164[:len(e164)-1], e164[:3] + "0" + e164[3:]} {
				want, wantErr := slowParse(in)
				got, gotErr := sms.ParsePhone(in, "ZZ")
				require.Equal(t, wantErr == nil, gotErr == nil, "%s: slow err %v, fast err %v", in, wantErr, gotErr)
				if wantErr == nil {
					require.Equal(t, want, got, in)
				}
				checked++
			}
		}
	}
	assert.Greater(t, checked, 1000)
}

func slowParse(in string) (sms.Phone, error) {
	num, err := phonenumbers.Parse(in, "ZZ")
	if err != nil {
		return sms.Phone{}, err
	}
	if !phonenumbers.IsValidNumber(num) {
		return sms.Phone{}, errors.New("invalid")
	}
	return sms.Phone{
		CountryCode: int(num.GetCountryCode()),
		National:    phonenumbers.GetNationalSignificantNumber(num),
		Region:      phonenumbers.GetRegionCodeForNumber(num),
	}, nil
}
