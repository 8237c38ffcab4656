#!/bin/sh
# Never reads its input; writes about 5 MB of blank lines first.
i=0
line=$(printf '%01000d' 0 | tr 0 ' ')
while [ $i -lt 5000 ]; do echo "$line"; i=$((i + 1)); done
