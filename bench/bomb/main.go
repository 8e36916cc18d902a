// Command bomb writes a workbook whose first sheet inflates to -gib GiB of
// XML, to measure that socdw refuses it in bounded memory and time:
//
//	go run ./bench/bomb -gib 4 -out bench/out/bomb.xlsx
//	/usr/bin/time -v socdw check --config … --source … bench/out/bomb.xlsx
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"io"
	"log"
	"os"

	"github.com/socdw/socdw/internal/fixture"
)

func main() {
	gib := flag.Int64("gib", 4, "GiB of sheet XML")
	out := flag.String("out", "bench/out/bomb.xlsx", "file to write")
	flag.Parse()
	dir, _ := os.MkdirTemp("", "bomb")
	defer os.RemoveAll(dir)
	good, err := fixture.NackaEkonomiskTabell(dir)
	if err != nil {
		log.Fatal(err)
	}
	zr, err := zip.OpenReader(good)
	if err != nil {
		log.Fatal(err)
	}
	defer zr.Close()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	pad := bytes.Repeat([]byte(" "), 4<<20)
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		rc, _ := zf.Open()
		io.Copy(w, rc)
		rc.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			for n := int64(0); n < *gib<<30; n += int64(len(pad)) {
				w.Write(pad)
			}
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
}
