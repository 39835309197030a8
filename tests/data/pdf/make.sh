#!/bin/sh
# Remakes the small layout PDFs from src/*.html with LibreOffice Writer, as the round-trip
# measurement does (HTML (StarWriter) -> writer_pdf_Export).
cd "$(dirname "$0")" || exit 2
lo=$(mktemp -d)
soffice -env:UserInstallation="file://$lo" --headless --infilter="HTML (StarWriter)" \
    --convert-to "pdf:writer_pdf_Export" --outdir . src/*.html >/dev/null 2>&1
rm -rf "$lo"
