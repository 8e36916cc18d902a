package pseudo

import (
	"net/url"
	"strings"
)

// Hidden is what a credential in a URL is replaced by.
const Hidden = "***"

// secretParams are query parameter names whose values are credentials.
// A name matches when it contains one of them, case-insensitively
// (access_token, apikey, X-Amz-Signature, sig, sas…).
var secretParams = []string{"token", "key", "secret", "password", "passwd", "pwd", "sig", "signature", "auth", "credential", "session", "code"}

// RedactURLs returns s with the credentials of every URL in it hidden: a
// user and password ("https://***@host/path") and the values of query
// parameters that carry secrets ("?token=***"). It finds URLs in free text
// too — an error from net/http quotes the URL it failed on — so it can be
// applied to file names, error texts and log fields alike. Text without
// "://" is returned as it is.
func RedactURLs(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		// The scheme: letters, digits, '+', '-', '.' before "://".
		start := i
		for start > 0 && isSchemeByte(s[start-1]) {
			start--
		}
		end := i + 3
		for end < len(s) && !strings.ContainsRune(" \t\r\n\"'<>`", rune(s[end])) {
			end++
		}
		b.WriteString(s[:start])
		b.WriteString(redactURL(s[start:end]))
		s = s[end:]
	}
}

func isSchemeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// redactURL hides the secrets of one URL. A URL that does not parse is
// cut after its host, so nothing after it can leak.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Keep "scheme://" and hide everything else that could be a secret.
		if i := strings.Index(raw, "://"); i >= 0 {
			rest := raw[i+3:]
			if at := strings.LastIndexByte(rest, '@'); at >= 0 {
				rest = Hidden + rest[at:]
			}
			if q := strings.IndexAny(rest, "?#"); q >= 0 {
				rest = rest[:q] + "?" + Hidden
			}
			return raw[:i+3] + rest
		}
		return raw
	}
	out := raw
	if u.User != nil {
		// Replace the user info in the raw text, so the rest stays as
		// written (url.URL.String would re-escape it).
		if at := strings.Index(out, "@"); at >= 0 {
			out = out[:strings.Index(out, "://")+3] + Hidden + out[at:]
		}
	}
	if u.RawQuery == "" {
		return out
	}
	q := strings.Index(out, "?")
	if q < 0 {
		return out
	}
	query, frag := out[q+1:], ""
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query, frag = query[:h], query[h:]
	}
	parts := strings.Split(query, "&")
	for i, p := range parts {
		name, _, hasValue := strings.Cut(p, "=")
		if hasValue && isSecretParam(name) {
			parts[i] = name + "=" + Hidden
		}
	}
	return out[:q+1] + strings.Join(parts, "&") + frag
}

func isSecretParam(name string) bool {
	if n, err := url.QueryUnescape(name); err == nil {
		name = n
	}
	name = strings.ToLower(name)
	for _, s := range secretParams {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// Clean is what every text socdw stores, logs or prints passes through:
// URL credentials hidden, personnummer replaced by Marker. It returns the
// cleaned text and how many personnummer it replaced.
func Clean(s string) (string, int) {
	return Redact(RedactURLs(s))
}

// CleanString is Clean without the count.
func CleanString(s string) string {
	out, _ := Clean(s)
	return out
}
