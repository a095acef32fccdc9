package golden

import "encoding/json"

var jsonUnmarshal = json.Unmarshal
