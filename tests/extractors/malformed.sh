#!/bin/sh
# A good line, then a broken one at output line 2.
cat >/dev/null
echo '{"type":"incident","id":"m1","killed":null}'
echo '{"type":"incident","id":"m2",'
