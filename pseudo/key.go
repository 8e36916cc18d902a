package pseudo

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode"
)

// EnvVar is the environment variable LoadKey reads the pseudonym key from.
const EnvVar = "SOCDW_PSEUDONYM_KEY"

// MinKeyLen is the minimum key length in bytes. Anything shorter makes the
// pseudonyms guessable: there are only a few million valid personnummer, so
// the key is the sole thing standing between a pseudonym and the person.
// Thirty-two bytes is the HMAC-SHA-256 block's worth of strength the
// pseudonyms need.
const MinKeyLen = 32

// MinKeyVariety is the fewest distinct bytes a key must hold: a key of
// one repeated letter, or "abababab…", is as guessable as a short one.
const MinKeyVariety = 8

var (
	// ErrNoKey is returned by LoadKey when neither EnvVar nor a key file is
	// set. Callers decide whether that is fatal (it is for any load that
	// carries a person key).
	ErrNoKey = errors.New("pseudo: no pseudonym key configured (set " + EnvVar + " or a key file)")

	// ErrKeyTooShort is returned when key material is shorter than MinKeyLen.
	ErrKeyTooShort = errors.New("pseudo: pseudonym key too short (need at least thirty-two bytes; make one with: openssl rand -hex 32)")

	// ErrKeyWeak is returned when key material has fewer than
	// MinKeyVariety distinct bytes.
	ErrKeyWeak = errors.New("pseudo: pseudonym key too uniform (need at least eight different characters; make one with: openssl rand -hex 32)")
)

// redactedKey is what every printing path of Key produces.
const redactedKey = "pseudo.Key(redacted)"

// Key is the secret for keyed pseudonyms (HMAC-SHA-256). Obtain it with NewKey
// or LoadKey; the zero Key is unusable.
//
// The bytes sit behind a pointer on purpose: when a Key is an unexported
// field of some other struct, fmt cannot call Key's methods and prints the
// raw field instead — for a pointer that is only an address, never the bytes.
type Key struct{ b *[]byte }

// NewKey returns a Key holding a copy of secret, so later changes to the
// caller's slice cannot silently change every pseudonym. The secret is used
// as-is (no trimming, no decoding), must be at least MinKeyLen bytes and
// hold at least MinKeyVariety distinct bytes.
func NewKey(secret []byte) (Key, error) {
	if len(secret) < MinKeyLen {
		return Key{}, ErrKeyTooShort
	}
	var seen [256]bool
	distinct := 0
	for _, c := range secret {
		if !seen[c] {
			seen[c] = true
			distinct++
		}
	}
	if distinct < MinKeyVariety {
		return Key{}, ErrKeyWeak
	}
	b := bytes.Clone(secret)
	return Key{b: &b}, nil
}

// LoadKey finds the key: if getenv(EnvVar) is non-empty it is used (and a
// file is not consulted even when the env value is unusable, because falling
// back silently would change every pseudonym); otherwise, if file is not
// empty, the file's content is used. Trailing whitespace, including the
// newline editors and `echo` add, is trimmed from either source so the same
// secret gives the same pseudonyms however it was supplied. The result must
// be at least MinKeyLen bytes (ErrKeyTooShort). With neither source set it
// returns ErrNoKey.
//
// getenv is a parameter so tests need not touch the process environment; nil
// means os.Getenv.
func LoadKey(getenv func(string) string, file string) (Key, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := getenv(EnvVar); v != "" {
		k, err := NewKey(trimRightSpace([]byte(v)))
		if err != nil {
			return Key{}, fmt.Errorf("pseudo: key from %s: %w", EnvVar, err)
		}
		return k, nil
	}
	if file == "" {
		return Key{}, ErrNoKey
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		// The *PathError names the file, never its content.
		return Key{}, fmt.Errorf("pseudo: reading key file: %w", err)
	}
	k, err := NewKey(trimRightSpace(raw))
	clear(raw) // NewKey copied it; don't leave a second copy lying around.
	if err != nil {
		return Key{}, fmt.Errorf("pseudo: key file %s: %w", file, err)
	}
	return k, nil
}

func trimRightSpace(b []byte) []byte { return bytes.TrimRightFunc(b, unicode.IsSpace) }

// Pseudonym returns the lower-case hex HMAC-SHA-256 (all 64 characters) of p's
// canonical 12-digit form under k. Every written form of the same person
// gives the same pseudonym; without the key it cannot be reversed by
// enumerating the (small) space of valid personnummer.
//
// It panics on the zero Key or the zero Personnummer: both mean a caller
// skipped the constructors, and hashing an empty key or an empty number would
// quietly merge unrelated people under one pseudonym.
func (k Key) Pseudonym(p Personnummer) string {
	if k.b == nil {
		panic("pseudo: Pseudonym called with the zero Key")
	}
	if p.IsZero() {
		panic("pseudo: Pseudonym called with the zero Personnummer")
	}
	m := hmac.New(sha256.New, *k.b)
	io.WriteString(m, p.digits)
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0]))
}

// String returns "pseudo.Key(redacted)"; the key bytes are never printed.
func (k Key) String() string { return redactedKey }

// GoString returns "pseudo.Key(redacted)" so %#v cannot dump the bytes.
func (k Key) GoString() string { return redactedKey }

// Format prints "pseudo.Key(redacted)" for every verb, including %x and %d
// which would otherwise format the underlying bytes.
func (k Key) Format(f fmt.State, _ rune) { io.WriteString(f, redactedKey) }

// KeyFileWarning returns a warning when the key file can be read by
// anyone but its owner (group or others), or "" when it cannot or the
// file's mode cannot be read. The key stays usable: a service account's
// group may be deliberate, but it should be a choice.
func KeyFileWarning(file string) string {
	if file == "" {
		return ""
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("the pseudonym key file %s can be read by others than its owner (mode %04o); make it private: chmod 600 %s", file, st.Mode().Perm(), file)
}

// Tag is a short keyed tag of a personnummer-shaped text's digits: eight
// hex characters that tell two redacted file names apart without saying
// who they name.
func (k Key) Tag(digits string) string {
	if k.b == nil {
		return ""
	}
	m := hmac.New(sha256.New, *k.b)
	io.WriteString(m, "socdw redaction tag\x00")
	io.WriteString(m, digits)
	return hex.EncodeToString(m.Sum(nil))[:8]
}

// RedactTagged is Redact with each span replaced by "[personnummer:TAG]",
// TAG the span's keyed Tag, so two names differing only in the number
// stay two names. Without a key it is Redact.
func RedactTagged(s string, k *Key) (string, int) {
	if k == nil || k.b == nil {
		return Redact(s)
	}
	return redactWith(s, func(d string) string { return "[personnummer:" + k.Tag(d) + "]" })
}

// Fingerprint identifies the key without revealing it: an HMAC of a fixed
// text, shortened. A new key makes new pseudonyms, so a file loaded under
// the old one must be loaded again; the fingerprint tells.
func (k Key) Fingerprint() string {
	if k.b == nil {
		return ""
	}
	m := hmac.New(sha256.New, *k.b)
	io.WriteString(m, "socdw pseudonym key fingerprint")
	return hex.EncodeToString(m.Sum(nil))[:16]
}
