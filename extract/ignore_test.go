package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// Files people keep beside their reports are ignored by name or, without
// a telling name, by their first bytes; reports and exports are not.
func TestIgnored(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for name, c := range map[string]struct{ content, want string }{
		"readme.pdf":         {"%PDF-1.7\n", "a PDF"},
		"Protokoll.DOCX":     {"PK\x03\x04", "a Word document"},
		"~$budget_2024.xlsx": {"x", "an Office lock file"},
		".DS_Store":          {"\x00\x00\x00\x01Bud1", "a hidden file"},
		"scan":               {"%PDF-1.4", "a PDF"},
		"bild":               {"\x89PNG\r\n\x1a\n", "a picture"},
		"export.csv":         {"%PDF-1.4", ""}, // named as data: a failure of its own, not ignored
		"huvudbok":           {"Ansvar;Konto;Belopp\n", ""},
		"budget.xlsx":        {"PK\x03\x04", ""},
	} {
		if got := Ignored(write(name, c.content)); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
	every, err := FindEvery(dir)
	if err != nil || len(every) != 9 {
		t.Errorf("FindEvery: %d files, %v", len(every), err)
	}
}
