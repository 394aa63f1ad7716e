package aliyun

import (
	"regexp/syntax"
	"strconv"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

func TestAliyunNumber(t *testing.T) {
	tests := []struct {
		number string
		want   string // "" when refused
	}{
		{"+8613800138000", "13800138000"},
		{"+8617400123456", "17400123456"}, // satellite range 1740x: 11 digits starting with 1
		{"+85251234567", "85251234567"},
		{"+85366123456", "85366123456"},
		{"+886912345678", "886912345678"},
		{"+447911123456", "447911123456"},
		{"+79100077208", "79100077208"}, // 11 digits, but not starting with 1
		{"+37120043209", "37120043209"},

		{"+14155552671", ""},     // US: 14155552671 is a mainland mobile number
		{"+13125550100", ""},     // the example
		{"+12025550123", ""},     // not a valid mainland number, still read as one
		{"+14165550123", ""},     // Canada
		{"+18765551234", ""},     // Jamaica
		{"+8602057247484", ""},   // Guangzhou landline: 2057247484 is an Egyptian number
		{"+861012345678", ""},    // Beijing landline
		{"+864001234567", ""},    // a 400 number
		{"+862161234567", ""},    // Shanghai landline, 10 digits
		{"+8675512345678", ""},   // Shenzhen landline, 11 digits not starting with 1
		{"+86 10 6552 9988", ""}, // in another written form
	}
	for _, tt := range tests {
		t.Run(tt.number, func(t *testing.T) {
			p, err := sms.ParsePhone(tt.number, "")
			require.NoError(t, err)
			got, nerr := aliyunNumber(p)
			if tt.want == "" {
				require.NotNil(t, nerr)
				assert.ErrorIs(t, nerr, ErrAmbiguousNumber)
				assert.Equal(t, sms.InvalidArgument, nerr.Code)
				assert.True(t, nerr.NotAccepted)
				assert.NotContains(t, nerr.Error(), p.National[len(p.National)-4:], "the error shows no digits of the number")
				return
			}
			require.Nil(t, nerr)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, p.CountryCode == mainlandCountryCode, readsAsMainland(got), "Aliyun reads it as the same number")
		})
	}
}

func TestReadsAsMainland(t *testing.T) {
	for s, want := range map[string]bool{
		"13800138000": true, "12025550123": true, "19999999999": true,
		"8613800138000": true, "008613800138000": true, "+8613800138000": true,
		"1380013800": false, "138001380001": false, "23800138000": false, "85291234567": false,
		"86138001380": false, "8612345": false, "1380013800a": false, "": false,
	} {
		assert.Equal(t, want, readsAsMainland(s), s)
	}
}

// TestCollisionRule derives the number rule from libphonenumber's metadata
// over every country calling code, so that a metadata update that breaks
// the argument fails here:
//
//  1. every mainland mobile number is 11 digits starting with 1;
//  2. the only calling code starting with 1 is 1 itself, and every valid +1
//     number has ten national digits, so every +1 number's Aliyun form is 11
//     digits starting with 1, the form Aliyun reads as mainland, and no
//     other country's is;
//  3. therefore aliyunNumber refuses exactly the +1 numbers among the
//     example numbers of every region and every number type, and every
//     other form reads back as the same number;
//  4. mainland numbers that are not mobile numbers read, without +86, as
//     other countries' numbers, and are refused.
func TestCollisionRule(t *testing.T) {
	coll, err := phonenumbers.MetadataCollection()
	require.NoError(t, err)

	// 1.
	for _, md := range coll.GetMetadata() {
		if md.GetId() != "CN" {
			continue
		}
		mobile := md.GetMobile()
		assert.Equal(t, []int32{11}, mobile.GetPossibleLength())
		re, err := syntax.Parse(mobile.GetNationalNumberPattern(), syntax.Perl)
		require.NoError(t, err)
		for d := '0'; d <= '9'; d++ {
			assert.Equal(t, d == '1', canStartWith(re.Simplify(), d), "a mainland mobile number starting with %c", d)
		}
	}

	// 2.
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		if strconv.Itoa(cc)[0] == '1' {
			assert.Equal(t, 1, cc, "a calling code starting with 1")
		}
	}
	nanp := phonenumbers.GetRegionCodesForCountryCode(1)
	require.Len(t, nanp, 25, "the NANP regions")

	// 3.
	types := []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE,
		phonenumbers.FIXED_LINE_OR_MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
		phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
		phonenumbers.UAN, phonenumbers.VOICEMAIL}
	checked, refused := 0, map[int]bool{}
	for region := range phonenumbers.GetSupportedRegions() {
		for _, typ := range types {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			p, err := sms.ParsePhone(phonenumbers.Format(ex, phonenumbers.E164), "")
			if err != nil {
				continue // libphonenumber's own example fails its validity check
			}
			checked++
			form, nerr := aliyunNumber(p)
			if p.CountryCode == mainlandCountryCode {
				switch phonenumbers.GetNumberType(ex) {
				case phonenumbers.MOBILE:
					assert.Nil(t, nerr, "%s %v", region, typ)
				case phonenumbers.FIXED_LINE_OR_MOBILE: // either, by libphonenumber
				default:
					assert.NotNil(t, nerr, "%s %v", region, typ)
				}
				continue
			}
			if nerr != nil {
				refused[p.CountryCode] = true
				continue
			}
			assert.False(t, readsAsMainland(form), "%s %v", region, typ)
			back, err := phonenumbers.Parse("+"+form, "")
			require.NoError(t, err)
			assert.Equal(t, p.CountryCode, int(back.GetCountryCode()), "%s %v reads back as another number", region, typ)
		}
	}
	assert.Greater(t, checked, 1000)
	assert.Equal(t, map[int]bool{1: true}, refused, "the calling codes refused")

	// 4. +86 20 5724 7484, a Guangzhou landline, is +20 57247484 in Egypt
	// when written without +86.
	eg, err := phonenumbers.Parse("+2057247484", "")
	require.NoError(t, err)
	assert.True(t, phonenumbers.IsValidNumber(eg))
	assert.Equal(t, "EG", phonenumbers.GetRegionCodeForNumber(eg))
}

// canStartWith reports whether a string matched by re can start with r.
func canStartWith(re *syntax.Regexp, r rune) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) > 0 && re.Rune[0] == r
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= r && r <= re.Rune[i+1] {
				return true
			}
		}
		return false
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if canStartWith(sub, r) {
				return true
			}
		}
		return false
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if canStartWith(sub, r) {
				return true
			}
			if !canBeEmpty(sub) {
				return false
			}
		}
		return false
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		return canStartWith(re.Sub[0], r)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	}
	return false
}

// canBeEmpty reports whether re matches the empty string.
func canBeEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpRepeat:
		return re.Min == 0 || canBeEmpty(re.Sub[0])
	case syntax.OpCapture, syntax.OpPlus:
		return canBeEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !canBeEmpty(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if canBeEmpty(sub) {
				return true
			}
		}
	}
	return false
}
