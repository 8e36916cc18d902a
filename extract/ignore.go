package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// notData are endings of files that people keep beside their reports and
// socdw never reads: a stray readme.pdf in an inbox is no failure.
var notData = map[string]string{
	".pdf": "a PDF", ".doc": "a Word document", ".docx": "a Word document", ".odt": "a text document",
	".rtf": "a text document", ".ppt": "a presentation", ".pptx": "a presentation", ".odp": "a presentation",
	".png": "a picture", ".jpg": "a picture", ".jpeg": "a picture", ".gif": "a picture", ".bmp": "a picture",
	".tif": "a picture", ".tiff": "a picture", ".heic": "a picture", ".svg": "a picture", ".webp": "a picture",
	".msg": "an e-mail", ".eml": "an e-mail", ".lnk": "a shortcut", ".url": "a shortcut", ".ini": "a settings file",
	".db": "a thumbnail cache", ".zip": "an archive", ".7z": "an archive", ".mp4": "a video", ".mov": "a video",
}

// dataEndings are what transform reads by name; a file with one of them
// is data even when its content is wrong (that is the file's failure).
var dataEndings = map[string]bool{".xlsx": true, ".xlsm": true, ".csv": true, ".txt": true, ".tsv": true, ".skv": true, ".tab": true}

// magic are the first bytes of formats that are never a report or an
// export, for files whose name does not say what they are.
var magic = []struct {
	prefix []byte
	what   string
}{
	{[]byte("%PDF-"), "a PDF"},
	{[]byte("\x89PNG"), "a picture"},
	{[]byte("\xFF\xD8\xFF"), "a picture"},
	{[]byte("GIF8"), "a picture"},
	{[]byte("II*\x00"), "a picture"},
	{[]byte("MM\x00*"), "a picture"},
	{[]byte("\xD0\xCF\x11\xE0"), "an Office 97 file"},
}

// Ignored says why socdw does not read the file at path, or "" when it
// does: by its name (hidden files such as .DS_Store, Excel's ~$ lock
// files, partial downloads, PDFs, pictures, Word files) and, for a name
// without a known ending, by its first bytes.
func Ignored(path string) string {
	name := filepath.Base(path)
	switch {
	case strings.HasPrefix(name, "~$"):
		return "an Office lock file"
	case strings.HasPrefix(name, "."):
		return "a hidden file"
	case strings.EqualFold(name, "Thumbs.db"), strings.EqualFold(name, "desktop.ini"):
		return "a system file"
	case !wanted(path):
		return "a partial download"
	}
	ext := strings.ToLower(filepath.Ext(name))
	if what, ok := notData[ext]; ok {
		return what
	}
	if dataEndings[ext] {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return "" // the read will say what is wrong
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := f.Read(head)
	for _, m := range magic {
		if bytes.HasPrefix(head[:n], m.prefix) {
			return m.what
		}
	}
	return ""
}
