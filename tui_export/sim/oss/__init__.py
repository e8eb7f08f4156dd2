"""The embedded cloud's OSS side: an object store on disk and a REST server oss2 talks to.

`store.ObjectStore` keeps buckets and objects (bodies are files under a data dir);
`server.OssServer` serves them over HTTP/1.1 with the real wire protocol.
"""
