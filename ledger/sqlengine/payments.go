package sqlengine
