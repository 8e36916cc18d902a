package extract

import (
	"archive/zip"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits on the parts of a workbook. They follow from what a workbook is,
// not from how large its streams are: a sheet may be gigabytes of XML and
// still stream in constant memory, but no legitimate part inflates more
// than a hundred times its compressed size once it is past a few MiB.
const (
	// maxInflateRatio is how far a part larger than freeInflateBytes may
	// inflate over its compressed size. Real sheets compress 5–30 times;
	// a bomb of repeated bytes compresses a thousand times.
	maxInflateRatio  = 100
	freeInflateBytes = 8 << 20
)

// partSet indexes a workbook's zip entries by lower-case name: the
// package format (OPC) compares part names without regard to case.
type partSet map[string]*zip.File

func newPartSet(zr *zip.Reader) partSet {
	ps := partSet{}
	for _, zf := range zr.File {
		ps[strings.ToLower(strings.TrimPrefix(zf.Name, "/"))] = zf
	}
	return ps
}

func (ps partSet) get(name string) (*zip.File, bool) {
	zf, ok := ps[strings.ToLower(strings.TrimPrefix(name, "/"))]
	return zf, ok
}

// checkRatio refuses a part that inflates past the ratio allowed, from the
// sizes in the zip's directory; archive/zip holds the stream to the
// declared size, so a lying directory fails the read instead.
func checkRatio(zf *zip.File) error {
	u, c := zf.UncompressedSize64, zf.CompressedSize64
	if u <= freeInflateBytes {
		return nil
	}
	if c == 0 || u/c > maxInflateRatio {
		return fmt.Errorf("%w: part %s would inflate %d times (%d MiB from %d KiB); the most a workbook part may inflate past %d MiB is %d times",
			ErrTooLarge, zf.Name, u/max(c, 1), u>>20, c>>10, freeInflateBytes>>20, maxInflateRatio)
	}
	return nil
}

// openPart opens a part for streaming after checking its inflate ratio.
// Read it to the end: archive/zip checks the CRC and the size only there.
func openPart(zf *zip.File) (io.ReadCloser, error) {
	if err := checkRatio(zf); err != nil {
		return nil, err
	}
	if zf.Method != zip.Store && zf.Method != zip.Deflate {
		return nil, fmt.Errorf("%w: part %s is compressed with method %d (only deflate and none are read)", ErrNotXLSX, zf.Name, zf.Method)
	}
	return zf.Open()
}

// scanPart runs fn over a part's XML, then reads the rest of the part so
// that its CRC is checked, and returns the first error naming the part.
func scanPart(zf *zip.File, fn func(s *xmlScanner) error) error {
	rc, err := openPart(zf)
	if err != nil {
		return err
	}
	defer rc.Close()
	s := newXMLScanner(rc)
	if err := fn(s); err != nil {
		return fmt.Errorf("part %s: %w", zf.Name, err)
	}
	for s.Next() != tokEOF {
	}
	if err := s.Err(); err != nil {
		return fmt.Errorf("part %s: %w", zf.Name, err)
	}
	return nil
}

// relationship is one entry of a .rels part.
type relationship struct {
	id, typ, target string
	external        bool
}

// relsOf reads the relationships of a part (the .rels beside it); a part
// without one has none.
func relsOf(ps partSet, partName string) ([]relationship, error) {
	dir, file := path.Split(partName)
	zf, ok := ps.get(dir + "_rels/" + file + ".rels")
	if !ok {
		return nil, nil
	}
	var rels []relationship
	err := scanPart(zf, func(s *xmlScanner) error {
		for s.Next() != tokEOF {
			if s.kind == tokStart && string(s.name) == "Relationship" {
				if len(rels) >= 1<<16 {
					return fmt.Errorf("%w: more than 65536 relationships", ErrMalformed)
				}
				rels = append(rels, relationship{id: s.attrString("Id"), typ: s.attrString("Type"),
					target: s.attrString("Target"), external: s.attrString("TargetMode") == "External"})
			}
		}
		return s.Err()
	})
	return rels, err
}

// resolve turns a relationship's target into a part name: an absolute
// target ("/xl/worksheets/sheet1.xml", as some producers write) from the
// package root, a relative one from the source part's folder.
func resolve(source, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(strings.TrimPrefix(target, "/"))
	}
	return path.Clean(path.Join(path.Dir(source), target))
}

// relType is the last element of a relationship type URI: "worksheet",
// "sharedStrings", "officeDocument". Strict OOXML uses other namespaces
// with the same last elements.
func relType(uri string) string {
	return uri[strings.LastIndexByte(uri, '/')+1:]
}
