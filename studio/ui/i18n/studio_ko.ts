<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
  <context>
    <name>studio</name>
    <message>
      <source> (undone at rest; 'as photographed' keeps it)</source>
      <translation> (쉴 때는 풀어 줌. '사진 그대로'로 두면 유지)</translation>
    </message>
    <message>
      <source> and </source>
      <translation>, </translation>
    </message>
    <message>
      <source> — the built-in responder answered.</source>
      <translation> — 내장 응답기가 답했습니다.</translation>
    </message>
    <message>
      <source> — tip: </source>
      <translation> — 도움말: </translation>
    </message>
    <message>
      <source>%1 facts, %2 lines of conversation</source>
      <translation>사실 %1개, 대화 %2줄</translation>
    </message>
    <message>
      <source>%1 items could not be deleted.</source>
      <translation>%1개 항목을 지우지 못했습니다.</translation>
    </message>
    <message>
      <source>%1 shown</source>
      <translation>%1개 표시</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>편집(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>파일(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>도움말(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Preview</source>
      <translation>미리보기(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>보기(&amp;V)</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>(없음)</translation>
    </message>
    <message>
      <source>1080p</source>
      <translation>1080p</translation>
    </message>
    <message>
      <source>720p</source>
      <translation>720p</translation>
    </message>
    <message>
      <source>A face video moves the avatar, as the webcam does</source>
      <translation>웹캠처럼 얼굴 동영상이 아바타를 움직입니다</translation>
    </message>
    <message>
      <source>A keyframe for this parameter at the playhead, with this value</source>
      <translation>재생 위치에 이 값으로 이 항목의 키프레임을 추가합니다</translation>
    </message>
    <message>
      <source>A one-sided smile</source>
      <translation>한쪽으로만 짓는 미소</translation>
    </message>
    <message>
      <source>A playful grin with the tongue out</source>
      <translation>혀를 내민 장난스러운 웃음</translation>
    </message>
    <message>
      <source>A relaxed, resting face</source>
      <translation>편안하게 쉬는 얼굴</translation>
    </message>
    <message>
      <source>A soft smile with relaxed, half-closed eyes</source>
      <translation>눈을 반쯤 감은 부드러운 미소</translation>
    </message>
    <message>
      <source>A talking digital human from one photo, made and kept on this computer.</source>
      <translation>사진 한 장으로 만드는 말하는 디지털 휴먼. 이 컴퓨터에서 만들고 보관합니다.</translation>
    </message>
    <message>
      <source>A warm smile with raised cheeks</source>
      <translation>볼이 올라간 따뜻한 미소</translation>
    </message>
    <message>
      <source>A wide open smile, eyes narrowed</source>
      <translation>입을 크게 벌리고 눈을 가늘게 뜬 웃음</translation>
    </message>
    <message>
      <source>AI-generated label</source>
      <translation>AI 생성 표시</translation>
    </message>
    <message>
      <source>AI-generated label in file metadata</source>
      <translation>파일 메타데이터에 AI 생성 표시</translation>
    </message>
    <message>
      <source>API key</source>
      <translation>API 키</translation>
    </message>
    <message>
      <source>About Avatar Studio</source>
      <translation>아바타 스튜디오 정보</translation>
    </message>
    <message>
      <source>About you</source>
      <translation>나에 대해</translation>
    </message>
    <message>
      <source>Accelerator</source>
      <translation>가속기</translation>
    </message>
    <message>
      <source>Accelerator: </source>
      <translation>가속기: </translation>
    </message>
    <message>
      <source>Accessories</source>
      <translation>액세서리</translation>
    </message>
    <message>
      <source>Accessory colour</source>
      <translation>액세서리 색</translation>
    </message>
    <message>
      <source>Add key</source>
      <translation>키 추가</translation>
    </message>
    <message>
      <source>Add memory</source>
      <translation>기억 추가</translation>
    </message>
    <message>
      <source>Add memory…</source>
      <translation>기억 추가…</translation>
    </message>
    <message>
      <source>Agreeableness</source>
      <translation>친화성</translation>
    </message>
    <message>
      <source>An OpenAI-compatible server you run (Ollama, LM Studio, llama.cpp). Only this address is contacted.</source>
      <translation>직접 실행하는 OpenAI 호환 서버 (Ollama, LM Studio, llama.cpp). 이 주소에만 연결합니다.</translation>
    </message>
    <message>
      <source>Analysing the voice sample…</source>
      <translation>목소리 샘플을 분석하는 중…</translation>
    </message>
    <message>
      <source>Any (no platform limits)</source>
      <translation>제한 없음</translation>
    </message>
    <message>
      <source>Appearance</source>
      <translation>외모</translation>
    </message>
    <message>
      <source>Articulation strength</source>
      <translation>발음 강도</translation>
    </message>
    <message>
      <source>Audio (*.wav *.flac *.ogg *.mp3 *.m4a)</source>
      <translation>오디오 (*.wav *.flac *.ogg *.mp3 *.m4a)</translation>
    </message>
    <message>
      <source>Automatic (best available)</source>
      <translation>자동 (가장 좋은 것)</translation>
    </message>
    <message>
      <source>Avatar</source>
      <translation>아바타</translation>
    </message>
    <message>
      <source>Avatar Studio</source>
      <translation>아바타 스튜디오</translation>
    </message>
    <message>
      <source>Avatar Studio closed before your last changes were saved. Recover them?</source>
      <translation>마지막 변경 사항을 저장하기 전에 아바타 스튜디오가 종료되었습니다. 복구할까요?</translation>
    </message>
    <message>
      <source>Avatar projects (*.dhc)</source>
      <translation>아바타 프로젝트 (*.dhc)</translation>
    </message>
    <message>
      <source>Back to the preset as it is, without your edits</source>
      <translation>조절한 값 없이 프리셋 그대로 되돌립니다</translation>
    </message>
    <message>
      <source>Background</source>
      <translation>배경</translation>
    </message>
    <message>
      <source>Background blur</source>
      <translation>배경 흐림</translation>
    </message>
    <message>
      <source>Background colour</source>
      <translation>배경 색</translation>
    </message>
    <message>
      <source>Background image</source>
      <translation>배경 이미지</translation>
    </message>
    <message>
      <source>Batch Videos</source>
      <translation>동영상 일괄 만들기</translation>
    </message>
    <message>
      <source>Batch Videos…</source>
      <translation>동영상 일괄 만들기…</translation>
    </message>
    <message>
      <source>Bind keys 1–9 to expressions, your own presets too</source>
      <translation>1–9 키에 표정을 지정합니다 (내 프리셋도)</translation>
    </message>
    <message>
      <source>Blink left</source>
      <translation>왼쪽 눈 감기</translation>
    </message>
    <message>
      <source>Blink rate</source>
      <translation>눈 깜빡임</translation>
    </message>
    <message>
      <source>Blink right</source>
      <translation>오른쪽 눈 감기</translation>
    </message>
    <message>
      <source>Blush</source>
      <translation>블러셔</translation>
    </message>
    <message>
      <source>Blush colour</source>
      <translation>블러셔 색</translation>
    </message>
    <message>
      <source>Breathing</source>
      <translation>호흡</translation>
    </message>
    <message>
      <source>Brow down left</source>
      <translation>왼쪽 눈썹 내리기</translation>
    </message>
    <message>
      <source>Brow down right</source>
      <translation>오른쪽 눈썹 내리기</translation>
    </message>
    <message>
      <source>Brows</source>
      <translation>눈썹</translation>
    </message>
    <message>
      <source>Brows pulled down and together, lips pressed</source>
      <translation>눈썹을 모아 내리고 입술을 꾹 다묾</translation>
    </message>
    <message>
      <source>Brows up and together, eyes wide, lips stretched</source>
      <translation>눈썹을 모아 올리고 눈을 크게 뜨며 입술을 옆으로 당김</translation>
    </message>
    <message>
      <source>Brows up, eyes wide, jaw dropped</source>
      <translation>눈썹이 올라가고 눈이 커지며 입이 벌어짐</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>찾아보기…</translation>
    </message>
    <message>
      <source>Build</source>
      <translation>체형</translation>
    </message>
    <message>
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <source>Calibrate neutral face</source>
      <translation>무표정 보정</translation>
    </message>
    <message>
      <source>Camera</source>
      <translation>카메라</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>취소</translation>
    </message>
    <message>
      <source>Cancelled; nothing was written.</source>
      <translation>취소되었습니다. 아무 파일도 쓰지 않았습니다.</translation>
    </message>
    <message>
      <source>Cancelled; the finished videos are kept.</source>
      <translation>취소했습니다. 끝난 동영상은 남겨 둡니다.</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>취소하는 중…</translation>
    </message>
    <message>
      <source>Caption</source>
      <translation>문구</translation>
    </message>
    <message>
      <source>Character</source>
      <translation>캐릭터</translation>
    </message>
    <message>
      <source>Character from my photo</source>
      <translation>내 사진으로 만든 캐릭터</translation>
    </message>
    <message>
      <source>Chat</source>
      <translation>대화</translation>
    </message>
    <message>
      <source>Chat faces</source>
      <translation>채팅 표정</translation>
    </message>
    <message>
      <source>Chat model</source>
      <translation>채팅 모델</translation>
    </message>
    <message>
      <source>Chat model server</source>
      <translation>채팅 모델 서버</translation>
    </message>
    <message>
      <source>Chat with your avatar: it answers aloud, in its mood, and remembers what you tell it when Memory is on.</source>
      <translation>아바타와 대화해 보세요. 기분에 맞게 소리 내어 대답하고, 기억 기능이 켜져 있으면 알려 준 내용을 기억합니다.</translation>
    </message>
    <message>
      <source>Cheeks</source>
      <translation>볼</translation>
    </message>
    <message>
      <source>Cheeks puffed</source>
      <translation>볼 부풀리기</translation>
    </message>
    <message>
      <source>Chin length</source>
      <translation>턱 길이</translation>
    </message>
    <message>
      <source>Chin up / down</source>
      <translation>턱 들기 / 숙이기</translation>
    </message>
    <message>
      <source>Chinese (Mandarin)</source>
      <translation>중국어 (북경어)</translation>
    </message>
    <message>
      <source>Choose a file</source>
      <translation>파일 선택</translation>
    </message>
    <message>
      <source>Choose a jobs file and an output folder first.</source>
      <translation>먼저 작업 파일과 출력 폴더를 고르세요.</translation>
    </message>
    <message>
      <source>Choose image…</source>
      <translation>이미지 선택…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>닫기</translation>
    </message>
    <message>
      <source>Clothing</source>
      <translation>옷</translation>
    </message>
    <message>
      <source>Clothing tint</source>
      <translation>옷 색조</translation>
    </message>
    <message>
      <source>Conscientiousness</source>
      <translation>성실성</translation>
    </message>
    <message>
      <source>Consent date</source>
      <translation>동의 날짜</translation>
    </message>
    <message>
      <source>Consent given by</source>
      <translation>동의한 사람</translation>
    </message>
    <message>
      <source>Consent record</source>
      <translation>동의 기록</translation>
    </message>
    <message>
      <source>Consent to use this face</source>
      <translation>이 얼굴 사용에 동의함</translation>
    </message>
    <message>
      <source>Consent to use this voice</source>
      <translation>이 목소리 사용에 동의함</translation>
    </message>
    <message>
      <source>Conversation style</source>
      <translation>대화 방식</translation>
    </message>
    <message>
      <source>Core ML (Apple)</source>
      <translation>Core ML (Apple)</translation>
    </message>
    <message>
      <source>Could not change the memory: </source>
      <translation>기억을 바꾸지 못했습니다: </translation>
    </message>
    <message>
      <source>Customize</source>
      <translation>꾸미기</translation>
    </message>
    <message>
      <source>Custom…</source>
      <translation>사용자 지정…</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>어둡게</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>삭제</translation>
    </message>
    <message>
      <source>Delete everything the avatar remembers about you, and the conversation history? This cannot be undone.</source>
      <translation>아바타가 나에 대해 기억하는 모든 것과 대화 기록을 지울까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
      <source>Delete my preset</source>
      <translation>내 프리셋 삭제</translation>
    </message>
    <message>
      <source>Delete the selected keyframe (click a dot to select it)</source>
      <translation>선택한 키프레임을 지웁니다 (점을 눌러 선택)</translation>
    </message>
    <message>
      <source>Delete what the avatar remembers about you and your conversations</source>
      <translation>아바타가 나와 나눈 대화에 대해 기억하는 내용을 지웁니다</translation>
    </message>
    <message>
      <source>DirectML (Windows GPU)</source>
      <translation>DirectML (Windows GPU)</translation>
    </message>
    <message>
      <source>Disclose appearance on export</source>
      <translation>외모 정보 공개</translation>
    </message>
    <message>
      <source>Disclose motion and voice on export</source>
      <translation>동작·목소리 정보 공개</translation>
    </message>
    <message>
      <source>Disclose personality on export</source>
      <translation>성격 정보 공개</translation>
    </message>
    <message>
      <source>Disclosure on export</source>
      <translation>내보낼 때 공개 범위</translation>
    </message>
    <message>
      <source>Drag a dot to move a key; Ctrl+C and Ctrl+V copy the keys and paste them at the playhead; Delete removes the selected key</source>
      <translation>점을 끌어 키를 옮기세요. Ctrl+C와 Ctrl+V로 키를 복사해 재생 위치에 붙여 넣고, Delete로 선택한 키를 지웁니다</translation>
    </message>
    <message>
      <source>Drive from Video File</source>
      <translation>동영상 파일로 움직이기</translation>
    </message>
    <message>
      <source>Drive from Video File…</source>
      <translation>동영상 파일로 움직이기…</translation>
    </message>
    <message>
      <source>Drive the avatar with your face through the webcam</source>
      <translation>웹캠으로 내 얼굴을 따라 움직이게 합니다</translation>
    </message>
    <message>
      <source>Earring colour</source>
      <translation>귀걸이 색</translation>
    </message>
    <message>
      <source>Earrings</source>
      <translation>귀걸이</translation>
    </message>
    <message>
      <source>Ears</source>
      <translation>귀</translation>
    </message>
    <message>
      <source>Ease in and out</source>
      <translation>부드럽게</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>고치기</translation>
    </message>
    <message>
      <source>Emoji use</source>
      <translation>이모지 사용</translation>
    </message>
    <message>
      <source>Emotional arousal (calm … excited)</source>
      <translation>각성 (차분 … 흥분)</translation>
    </message>
    <message>
      <source>Emotional baseline</source>
      <translation>기본 감정</translation>
    </message>
    <message>
      <source>Emotional valence (unhappy … happy)</source>
      <translation>감정 (불행 … 행복)</translation>
    </message>
    <message>
      <source>Engine</source>
      <translation>엔진</translation>
    </message>
    <message>
      <source>English</source>
      <translation>영어</translation>
    </message>
    <message>
      <source>English (US)</source>
      <translation>영어 (미국)</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>내보내기</translation>
    </message>
    <message>
      <source>Export Memory</source>
      <translation>기억 내보내기</translation>
    </message>
    <message>
      <source>Export Sticker</source>
      <translation>스티커 내보내기</translation>
    </message>
    <message>
      <source>Export Sticker Pack</source>
      <translation>스티커 팩 내보내기</translation>
    </message>
    <message>
      <source>Export Sticker Pack…</source>
      <translation>스티커 팩 내보내기…</translation>
    </message>
    <message>
      <source>Export Sticker…</source>
      <translation>스티커 내보내기…</translation>
    </message>
    <message>
      <source>Export Video</source>
      <translation>동영상 내보내기</translation>
    </message>
    <message>
      <source>Export Video…</source>
      <translation>동영상 내보내기…</translation>
    </message>
    <message>
      <source>Export image…</source>
      <translation>이미지로 내보내기…</translation>
    </message>
    <message>
      <source>Export to</source>
      <translation>내보낼 위치</translation>
    </message>
    <message>
      <source>Exported %1 items to </source>
      <translation>%1개 항목을 내보냈습니다: </translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>내보내는 중…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>내보내기…</translation>
    </message>
    <message>
      <source>Expression</source>
      <translation>표정</translation>
    </message>
    <message>
      <source>Expression intensity</source>
      <translation>표정 강도</translation>
    </message>
    <message>
      <source>Expression preset</source>
      <translation>표정 프리셋</translation>
    </message>
    <message>
      <source>Expressiveness</source>
      <translation>표현력</translation>
    </message>
    <message>
      <source>Extraversion</source>
      <translation>외향성</translation>
    </message>
    <message>
      <source>Eye colour</source>
      <translation>눈동자 색</translation>
    </message>
    <message>
      <source>Eye shape</source>
      <translation>눈 모양</translation>
    </message>
    <message>
      <source>Eye size</source>
      <translation>눈 크기</translation>
    </message>
    <message>
      <source>Eyebrows</source>
      <translation>눈썹</translation>
    </message>
    <message>
      <source>Eyes</source>
      <translation>눈</translation>
    </message>
    <message>
      <source>Eyes up to one side, one brow raised</source>
      <translation>눈은 한쪽 위를 보고 한쪽 눈썹을 올림</translation>
    </message>
    <message>
      <source>Face</source>
      <translation>얼굴</translation>
    </message>
    <message>
      <source>Face photos (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.heic)</source>
      <translation>얼굴 사진 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.heic)</translation>
    </message>
    <message>
      <source>Face shape</source>
      <translation>얼굴형</translation>
    </message>
    <message>
      <source>Face width</source>
      <translation>얼굴 너비</translation>
    </message>
    <message>
      <source>Facial hair</source>
      <translation>수염</translation>
    </message>
    <message>
      <source>Finding the face and preparing the avatar…</source>
      <translation>얼굴을 찾고 아바타를 준비하는 중…</translation>
    </message>
    <message>
      <source>Forget</source>
      <translation>잊기</translation>
    </message>
    <message>
      <source>Forget Everything</source>
      <translation>모두 잊기</translation>
    </message>
    <message>
      <source>Forget Everything…</source>
      <translation>모두 잊기…</translation>
    </message>
    <message>
      <source>Forgetting…</source>
      <translation>잊는 중…</translation>
    </message>
    <message>
      <source>Forgot everything the avatar remembered.</source>
      <translation>아바타가 기억하던 것을 모두 잊었습니다.</translation>
    </message>
    <message>
      <source>Formality</source>
      <translation>말투</translation>
    </message>
    <message>
      <source>Formant shift</source>
      <translation>포먼트 이동</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>형식</translation>
    </message>
    <message>
      <source>Frames/s</source>
      <translation>초당 프레임</translation>
    </message>
    <message>
      <source>Framing</source>
      <translation>화면 구도</translation>
    </message>
    <message>
      <source>Framing horizontal offset</source>
      <translation>가로 위치</translation>
    </message>
    <message>
      <source>Framing vertical offset</source>
      <translation>세로 위치</translation>
    </message>
    <message>
      <source>Framing zoom</source>
      <translation>확대</translation>
    </message>
    <message>
      <source>Freckles</source>
      <translation>주근깨</translation>
    </message>
    <message>
      <source>French</source>
      <translation>프랑스어</translation>
    </message>
    <message>
      <source>Frown left</source>
      <translation>왼쪽 입꼬리 내리기</translation>
    </message>
    <message>
      <source>Frown right</source>
      <translation>오른쪽 입꼬리 내리기</translation>
    </message>
    <message>
      <source>Funnel (o)</source>
      <translation>입술 둥글게 (오)</translation>
    </message>
    <message>
      <source>Gaze</source>
      <translation>시선</translation>
    </message>
    <message>
      <source>Gaze wander</source>
      <translation>시선 움직임</translation>
    </message>
    <message>
      <source>German</source>
      <translation>독일어</translation>
    </message>
    <message>
      <source>Gestures</source>
      <translation>제스처</translation>
    </message>
    <message>
      <source>Glasses</source>
      <translation>안경</translation>
    </message>
    <message>
      <source>Glasses colour</source>
      <translation>안경 색</translation>
    </message>
    <message>
      <source>Greet</source>
      <translation>인사하기</translation>
    </message>
    <message>
      <source>Greeting</source>
      <translation>인사말</translation>
    </message>
    <message>
      <source>Hair</source>
      <translation>머리</translation>
    </message>
    <message>
      <source>Hair colour</source>
      <translation>머리 색</translation>
    </message>
    <message>
      <source>Hair colour strength</source>
      <translation>머리 색 강도</translation>
    </message>
    <message>
      <source>Hairstyle</source>
      <translation>머리 모양</translation>
    </message>
    <message>
      <source>Hat</source>
      <translation>모자</translation>
    </message>
    <message>
      <source>Hat colour</source>
      <translation>모자 색</translation>
    </message>
    <message>
      <source>Head</source>
      <translation>머리</translation>
    </message>
    <message>
      <source>Head motion style</source>
      <translation>머리 움직임 스타일</translation>
    </message>
    <message>
      <source>Head sway</source>
      <translation>머리 흔들림</translation>
    </message>
    <message>
      <source>Heavy eyelids, a slack mouth</source>
      <translation>무거운 눈꺼풀, 느슨한 입</translation>
    </message>
    <message>
      <source>Hold</source>
      <translation>멈춤</translation>
    </message>
    <message>
      <source>Hotkeys</source>
      <translation>단축키</translation>
    </message>
    <message>
      <source>Hotkeys…</source>
      <translation>단축키…</translation>
    </message>
    <message>
      <source>How strongly the expression shows</source>
      <translation>표정이 얼마나 강하게 보일지</translation>
    </message>
    <message>
      <source>How the selected key goes on to the next one</source>
      <translation>선택한 키에서 다음 키로 넘어가는 방식</translation>
    </message>
    <message>
      <source>Hz</source>
      <translation>Hz</translation>
    </message>
    <message>
      <source>Identity</source>
      <translation>정체성</translation>
    </message>
    <message>
      <source>Idle behaviour</source>
      <translation>대기 동작</translation>
    </message>
    <message>
      <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
      <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
    </message>
    <message>
      <source>Import audio…</source>
      <translation>오디오 가져오기…</translation>
    </message>
    <message>
      <source>In the project file: </source>
      <translation>프로젝트 파일의 항목: </translation>
    </message>
    <message>
      <source>Inner brows up</source>
      <translation>눈썹 안쪽 올리기</translation>
    </message>
    <message>
      <source>Inner brows up, mouth corners down</source>
      <translation>눈썹 안쪽이 올라가고 입꼬리가 내려감</translation>
    </message>
    <message>
      <source>Intensity</source>
      <translation>강도</translation>
    </message>
    <message>
      <source>Iris colour</source>
      <translation>눈동자 색</translation>
    </message>
    <message>
      <source>JSON (*.json);;CSV for spreadsheets (*.csv)</source>
      <translation>JSON (*.json);;스프레드시트용 CSV (*.csv)</translation>
    </message>
    <message>
      <source>Japanese</source>
      <translation>일본어</translation>
    </message>
    <message>
      <source>Jaw open</source>
      <translation>턱 벌리기</translation>
    </message>
    <message>
      <source>Jaw width</source>
      <translation>턱 너비</translation>
    </message>
    <message>
      <source>Jobs (*.csv *.jsonl)</source>
      <translation>작업 (*.csv *.jsonl)</translation>
    </message>
    <message>
      <source>Jobs file</source>
      <translation>작업 파일</translation>
    </message>
    <message>
      <source>Keep this pose as your own preset, saved in the project</source>
      <translation>이 포즈를 내 프리셋으로 프로젝트에 저장합니다</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>키</translation>
    </message>
    <message>
      <source>Keyboard Shortcuts</source>
      <translation>단축키</translation>
    </message>
    <message>
      <source>Keyframes</source>
      <translation>키프레임</translation>
    </message>
    <message>
      <source>Keys 1–9 back to the first nine built-in presets</source>
      <translation>1–9 키를 처음 아홉 개의 기본 프리셋으로 되돌립니다</translation>
    </message>
    <message>
      <source>Keys 1–9 show an expression in the preview while the window has the keyboard (not while you type in a text field).</source>
      <translation>창이 키보드를 받고 있을 때 1–9 키로 미리보기에 표정을 보여 줍니다 (글자를 입력하는 중에는 아님).</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>종류</translation>
    </message>
    <message>
      <source>Knowledge</source>
      <translation>지식</translation>
    </message>
    <message>
      <source>Knowledge notes</source>
      <translation>지식 메모</translation>
    </message>
    <message>
      <source>Korean</source>
      <translation>한국어</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>언어</translation>
    </message>
    <message>
      <source>Language model</source>
      <translation>언어 모델</translation>
    </message>
    <message>
      <source>Language model name</source>
      <translation>언어 모델 이름</translation>
    </message>
    <message>
      <source>Language model server URL</source>
      <translation>언어 모델 서버 URL</translation>
    </message>
    <message>
      <source>Language model settings: </source>
      <translation>언어 모델 설정: </translation>
    </message>
    <message>
      <source>Language model: </source>
      <translation>언어 모델: </translation>
    </message>
    <message>
      <source>Length without speech</source>
      <translation>대사가 없을 때 길이</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>밝게</translation>
    </message>
    <message>
      <source>Linear</source>
      <translation>일정하게</translation>
    </message>
    <message>
      <source>Lip colour</source>
      <translation>입술 색</translation>
    </message>
    <message>
      <source>Lip colour strength</source>
      <translation>입술 색 강도</translation>
    </message>
    <message>
      <source>Lip fullness</source>
      <translation>입술 두께</translation>
    </message>
    <message>
      <source>Lip-sync</source>
      <translation>립싱크</translation>
    </message>
    <message>
      <source>Lip-sync smoothing</source>
      <translation>립싱크 부드러움</translation>
    </message>
    <message>
      <source>Lip-sync to Audio File</source>
      <translation>오디오 파일에 입 모양 맞추기</translation>
    </message>
    <message>
      <source>Lip-sync to Audio File…</source>
      <translation>오디오 파일에 입 모양 맞추기…</translation>
    </message>
    <message>
      <source>Lip-sync to your microphone</source>
      <translation>마이크 소리에 입 모양을 맞춥니다</translation>
    </message>
    <message>
      <source>Lips closed</source>
      <translation>입술 다물기</translation>
    </message>
    <message>
      <source>Lips puckered forward</source>
      <translation>입술을 앞으로 내밈</translation>
    </message>
    <message>
      <source>Look left / right</source>
      <translation>왼쪽 / 오른쪽 보기</translation>
    </message>
    <message>
      <source>Look straight at the camera with a relaxed face, then click.</source>
      <translation>편안한 표정으로 카메라를 정면으로 본 뒤 누르세요.</translation>
    </message>
    <message>
      <source>Look up / down</source>
      <translation>위 / 아래 보기</translation>
    </message>
    <message>
      <source>Looking for cameras…</source>
      <translation>카메라를 찾는 중…</translation>
    </message>
    <message>
      <source>Looking for faces in the video…</source>
      <translation>동영상에서 얼굴을 찾는 중…</translation>
    </message>
    <message>
      <source>Lower lip down</source>
      <translation>아랫입술 내리기</translation>
    </message>
    <message>
      <source>Main</source>
      <translation>기본</translation>
    </message>
    <message>
      <source>Make a new avatar from a face photo</source>
      <translation>얼굴 사진 한 장으로 새 아바타를 만듭니다</translation>
    </message>
    <message>
      <source>Make a new avatar from the best frame of a person in a video</source>
      <translation>동영상 속 인물의 가장 좋은 장면으로 새 아바타를 만듭니다</translation>
    </message>
    <message>
      <source>Make-up</source>
      <translation>화장</translation>
    </message>
    <message>
      <source>Make-up colour</source>
      <translation>화장 색</translation>
    </message>
    <message>
      <source>Match voice to sample</source>
      <translation>샘플에 목소리 맞추기</translation>
    </message>
    <message>
      <source>Median pitch</source>
      <translation>중간 음높이</translation>
    </message>
    <message>
      <source>Memory</source>
      <translation>기억</translation>
    </message>
    <message>
      <source>Memory is off for this avatar: nothing new is stored.</source>
      <translation>이 아바타는 기억 기능이 꺼져 있어 새로 저장하지 않습니다.</translation>
    </message>
    <message>
      <source>Memory…</source>
      <translation>기억…</translation>
    </message>
    <message>
      <source>Microphone</source>
      <translation>마이크</translation>
    </message>
    <message>
      <source>Mirror webcam</source>
      <translation>웹캠 좌우 반전</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>방식</translation>
    </message>
    <message>
      <source>Models folder</source>
      <translation>모델 폴더</translation>
    </message>
    <message>
      <source>Motion</source>
      <translation>동작</translation>
    </message>
    <message>
      <source>Motion &amp;&amp; Voice</source>
      <translation>동작과 목소리</translation>
    </message>
    <message>
      <source>Mouth</source>
      <translation>입</translation>
    </message>
    <message>
      <source>Mouth wide open, brows down</source>
      <translation>입을 크게 벌리고 눈썹을 내림</translation>
    </message>
    <message>
      <source>Music</source>
      <translation>음악</translation>
    </message>
    <message>
      <source>My preset</source>
      <translation>내 프리셋</translation>
    </message>
    <message>
      <source>NVIDIA CUDA</source>
      <translation>NVIDIA CUDA</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>이름</translation>
    </message>
    <message>
      <source>Neuroticism</source>
      <translation>신경성</translation>
    </message>
    <message>
      <source>New from Photo</source>
      <translation>사진으로 새로 만들기</translation>
    </message>
    <message>
      <source>New from Photo…</source>
      <translation>사진으로 새로 만들기…</translation>
    </message>
    <message>
      <source>New from Video</source>
      <translation>동영상으로 새로 만들기</translation>
    </message>
    <message>
      <source>New from Video…</source>
      <translation>동영상으로 새로 만들기…</translation>
    </message>
    <message>
      <source>New from Webcam Snapshot</source>
      <translation>웹캠 사진으로 새로 만들기</translation>
    </message>
    <message>
      <source>No audio devices were found on this computer.</source>
      <translation>이 컴퓨터에서 오디오 장치를 찾지 못했습니다.</translation>
    </message>
    <message>
      <source>No audio output device: the preview plays silently.</source>
      <translation>오디오 출력 장치가 없어 소리 없이 재생합니다.</translation>
    </message>
    <message>
      <source>No camera found</source>
      <translation>카메라를 찾지 못했습니다</translation>
    </message>
    <message>
      <source>No subtitles</source>
      <translation>자막 없음</translation>
    </message>
    <message>
      <source>No voice sample yet: record or import about 30 seconds of speech.</source>
      <translation>아직 목소리 샘플이 없습니다. 30초 정도 말한 것을 녹음하거나 가져오세요.</translation>
    </message>
    <message>
      <source>Nose</source>
      <translation>코</translation>
    </message>
    <message>
      <source>Nose width</source>
      <translation>코 너비</translation>
    </message>
    <message>
      <source>Nose wrinkled, upper lip raised</source>
      <translation>코를 찡그리고 윗입술을 올림</translation>
    </message>
    <message>
      <source>Nothing is remembered.</source>
      <translation>기억하는 내용이 없습니다.</translation>
    </message>
    <message>
      <source>ONNX on {0} (the accelerator)</source>
      <translation>{0}에서 ONNX (가속기)</translation>
    </message>
    <message>
      <source>One eye closed with a half smile</source>
      <translation>한쪽 눈을 감고 살짝 미소</translation>
    </message>
    <message>
      <source>One video per row of a CSV or JSON Lines jobs file</source>
      <translation>CSV 또는 JSON Lines 작업 파일의 한 줄마다 동영상 하나</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>열기</translation>
    </message>
    <message>
      <source>Open Recent</source>
      <translation>최근 프로젝트</translation>
    </message>
    <message>
      <source>Open a photo to make your digital human</source>
      <translation>사진을 열어 디지털 휴먼을 만드세요</translation>
    </message>
    <message>
      <source>OpenCV (no GPU build of ONNX Runtime is installed, and on the CPU OpenCV is the faster warp)</source>
      <translation>OpenCV (GPU용 ONNX Runtime이 설치되지 않았고, CPU에서는 OpenCV 변형이 더 빠릅니다)</translation>
    </message>
    <message>
      <source>OpenCV (the accelerator preference is the CPU)</source>
      <translation>OpenCV (가속기 설정이 CPU입니다)</translation>
    </message>
    <message>
      <source>Opening the sample avatar…</source>
      <translation>샘플 아바타를 여는 중…</translation>
    </message>
    <message>
      <source>Openness</source>
      <translation>개방성</translation>
    </message>
    <message>
      <source>Open…</source>
      <translation>열기…</translation>
    </message>
    <message>
      <source>Or lip-sync to</source>
      <translation>또는 입 모양 맞추기</translation>
    </message>
    <message>
      <source>Outer brow up left</source>
      <translation>왼쪽 눈썹 바깥 올리기</translation>
    </message>
    <message>
      <source>Outer brow up right</source>
      <translation>오른쪽 눈썹 바깥 올리기</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>출력 폴더</translation>
    </message>
    <message>
      <source>Personality</source>
      <translation>성격</translation>
    </message>
    <message>
      <source>Personality (Big Five)</source>
      <translation>성격 (Big Five)</translation>
    </message>
    <message>
      <source>Photo's own expression</source>
      <translation>사진 속 표정</translation>
    </message>
    <message>
      <source>Pitch range</source>
      <translation>음역</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>플랫폼</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>재생</translation>
    </message>
    <message>
      <source>Play or pause the preview</source>
      <translation>미리보기를 재생하거나 일시 정지합니다</translation>
    </message>
    <message>
      <source>Pose</source>
      <translation>포즈</translation>
    </message>
    <message>
      <source>Preferences</source>
      <translation>환경설정</translation>
    </message>
    <message>
      <source>Preferences…</source>
      <translation>환경설정…</translation>
    </message>
    <message>
      <source>Preparing the avatar…</source>
      <translation>아바타 준비 중…</translation>
    </message>
    <message>
      <source>Preparing the lip-sync…</source>
      <translation>입 모양을 준비하는 중…</translation>
    </message>
    <message>
      <source>Preset name:</source>
      <translation>프리셋 이름:</translation>
    </message>
    <message>
      <source>Privacy</source>
      <translation>개인정보</translation>
    </message>
    <message>
      <source>Pucker (kiss)</source>
      <translation>입술 내밀기 (뽀뽀)</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>끝내기</translation>
    </message>
    <message>
      <source>Reading the memory…</source>
      <translation>기억을 읽는 중…</translation>
    </message>
    <message>
      <source>Record 30 s</source>
      <translation>30초 녹음</translation>
    </message>
    <message>
      <source>Record consent today</source>
      <translation>오늘 날짜로 동의 기록</translation>
    </message>
    <message>
      <source>Recording… read a paragraph aloud.</source>
      <translation>녹음 중… 한 문단을 소리 내어 읽으세요.</translation>
    </message>
    <message>
      <source>Recover unsaved work</source>
      <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>다시 실행</translation>
    </message>
    <message>
      <source>Remembered: </source>
      <translation>기억함: </translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>삭제</translation>
    </message>
    <message>
      <source>Remove the chosen one of your own presets</source>
      <translation>선택한 내 프리셋을 지웁니다</translation>
    </message>
    <message>
      <source>Reset pose</source>
      <translation>포즈 초기화</translation>
    </message>
    <message>
      <source>Role / description</source>
      <translation>역할 / 설명</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>실행</translation>
    </message>
    <message>
      <source>Same as the system</source>
      <translation>시스템 설정과 같게</translation>
    </message>
    <message>
      <source>Sample: </source>
      <translation>샘플: </translation>
    </message>
    <message>
      <source>Save</source>
      <translation>저장</translation>
    </message>
    <message>
      <source>Save As</source>
      <translation>다른 이름으로 저장</translation>
    </message>
    <message>
      <source>Save As…</source>
      <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
      <source>Save as my preset</source>
      <translation>내 프리셋으로 저장</translation>
    </message>
    <message>
      <source>Save as my preset…</source>
      <translation>내 프리셋으로 저장…</translation>
    </message>
    <message>
      <source>Save the changes to this avatar first?</source>
      <translation>이 아바타의 변경 사항을 먼저 저장할까요?</translation>
    </message>
    <message>
      <source>Save to</source>
      <translation>저장 위치</translation>
    </message>
    <message>
      <source>Saved </source>
      <translation>저장됨: </translation>
    </message>
    <message>
      <source>Say</source>
      <translation>대사</translation>
    </message>
    <message>
      <source>Say something to your avatar…</source>
      <translation>아바타에게 말을 걸어 보세요…</translation>
    </message>
    <message>
      <source>Say the script line with the avatar's voice</source>
      <translation>아바타의 목소리로 대사를 말합니다</translation>
    </message>
    <message>
      <source>Search memories…</source>
      <translation>기억 검색…</translation>
    </message>
    <message>
      <source>See, search, edit, export or delete what the avatar remembers</source>
      <translation>아바타가 기억하는 내용을 보고, 찾고, 고치고, 내보내거나 지웁니다</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>보내기</translation>
    </message>
    <message>
      <source>Serve for OBS</source>
      <translation>OBS로 내보내기</translation>
    </message>
    <message>
      <source>Several people are in the clip; make the avatar of:</source>
      <translation>여러 사람이 나옵니다. 아바타로 만들 사람:</translation>
    </message>
    <message>
      <source>Show Log Folder</source>
      <translation>로그 폴더 열기</translation>
    </message>
    <message>
      <source>Show the avatar as a camera in video calls</source>
      <translation>화상 통화에서 아바타를 카메라로 보여 줍니다</translation>
    </message>
    <message>
      <source>Show the avatar at http://127.0.0.1:8765/ for an OBS browser source (docs/LIVE.md)</source>
      <translation>OBS 브라우저 소스용으로 http://127.0.0.1:8765/ 에 아바타를 보여 줍니다 (docs/LIVE.md)</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>크기</translation>
    </message>
    <message>
      <source>Skin and colours</source>
      <translation>피부와 색</translation>
    </message>
    <message>
      <source>Skin smoothing</source>
      <translation>피부 보정</translation>
    </message>
    <message>
      <source>Skin tone</source>
      <translation>피부색</translation>
    </message>
    <message>
      <source>Skin tone (darker … lighter)</source>
      <translation>피부 톤 (어둡게 … 밝게)</translation>
    </message>
    <message>
      <source>Smile left</source>
      <translation>왼쪽 미소</translation>
    </message>
    <message>
      <source>Smile right</source>
      <translation>오른쪽 미소</translation>
    </message>
    <message>
      <source>Something the avatar remembers:</source>
      <translation>아바타가 기억할 내용:</translation>
    </message>
    <message>
      <source>Source photo</source>
      <translation>원본 사진</translation>
    </message>
    <message>
      <source>Spanish</source>
      <translation>스페인어</translation>
    </message>
    <message>
      <source>Speak</source>
      <translation>말하기</translation>
    </message>
    <message>
      <source>Speakers</source>
      <translation>스피커</translation>
    </message>
    <message>
      <source>Speaking rate</source>
      <translation>말하기 속도</translation>
    </message>
    <message>
      <source>Spectral tilt</source>
      <translation>스펙트럼 기울기</translation>
    </message>
    <message>
      <source>Square</source>
      <translation>정사각형</translation>
    </message>
    <message>
      <source>Squint left</source>
      <translation>왼쪽 눈 찡그리기</translation>
    </message>
    <message>
      <source>Squint right</source>
      <translation>오른쪽 눈 찡그리기</translation>
    </message>
    <message>
      <source>Start from a preset, then set any parameter; the pose is saved in the project.</source>
      <translation>프리셋에서 시작해 원하는 값을 조절하세요. 포즈는 프로젝트에 저장됩니다.</translation>
    </message>
    <message>
      <source>Start from my photo</source>
      <translation>내 사진에서 시작</translation>
    </message>
    <message>
      <source>Stickers</source>
      <translation>스티커</translation>
    </message>
    <message>
      <source>Stickers (*.webp *.gif *.png *.webm)</source>
      <translation>스티커 (*.webp *.gif *.png *.webm)</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>정지</translation>
    </message>
    <message>
      <source>Stop the reply and the speech (Esc)</source>
      <translation>답장과 말하기를 멈춥니다 (Esc)</translation>
    </message>
    <message>
      <source>Stopped.</source>
      <translation>멈췄습니다.</translation>
    </message>
    <message>
      <source>Stretch left</source>
      <translation>왼쪽 입꼬리 당기기</translation>
    </message>
    <message>
      <source>Stretch right</source>
      <translation>오른쪽 입꼬리 당기기</translation>
    </message>
    <message>
      <source>Subtitle file (.srt)</source>
      <translation>자막 파일 (.srt)</translation>
    </message>
    <message>
      <source>Subtitle file (.vtt)</source>
      <translation>자막 파일 (.vtt)</translation>
    </message>
    <message>
      <source>Subtitles</source>
      <translation>자막</translation>
    </message>
    <message>
      <source>Subtitles burned into the picture</source>
      <translation>화면에 넣은 자막</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>요약</translation>
    </message>
    <message>
      <source>Synthesizing speech…</source>
      <translation>음성을 합성하는 중…</translation>
    </message>
    <message>
      <source>System default</source>
      <translation>시스템 기본값</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>내용</translation>
    </message>
    <message>
      <source>The avatar mouths a recording, as it does a spoken line</source>
      <translation>말하기처럼 녹음에 맞춰 입을 움직입니다</translation>
    </message>
    <message>
      <source>The avatar says its greeting</source>
      <translation>아바타가 인사말을 합니다</translation>
    </message>
    <message>
      <source>The language the avatar speaks in (the voice language)</source>
      <translation>아바타가 말하는 언어 (목소리 언어)</translation>
    </message>
    <message>
      <source>The parameter to keyframe; its keys show as dots on the motion row</source>
      <translation>키프레임을 넣을 항목. 키는 동작 줄에 점으로 표시됩니다</translation>
    </message>
    <message>
      <source>The sample sounds fine.</source>
      <translation>샘플 품질이 좋습니다.</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>테마</translation>
    </message>
    <message>
      <source>Tilt</source>
      <translation>고개 기울이기</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>타임라인</translation>
    </message>
    <message>
      <source>Toggle</source>
      <translation>켜고 끄기</translation>
    </message>
    <message>
      <source>Toggle: press on, press again off. While held: on only while the key is down</source>
      <translation>켜고 끄기: 누르면 켜지고 다시 누르면 꺼짐. 누르는 동안: 키를 누르고 있는 동안만 켜짐</translation>
    </message>
    <message>
      <source>Tongue out</source>
      <translation>혀 내밀기</translation>
    </message>
    <message>
      <source>Top</source>
      <translation>상의</translation>
    </message>
    <message>
      <source>Top colour</source>
      <translation>상의 색</translation>
    </message>
    <message>
      <source>Transparent background (WebM/MOV)</source>
      <translation>투명 배경 (WebM/MOV)</translation>
    </message>
    <message>
      <source>Turn</source>
      <translation>고개 돌리기</translation>
    </message>
    <message>
      <source>Type what your avatar should say, then press Speak</source>
      <translation>아바타가 할 말을 입력하고 말하기를 누르세요</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>실행 취소</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
      <source>Untitled</source>
      <translation>제목 없음</translation>
    </message>
    <message>
      <source>Upper lip up</source>
      <translation>윗입술 올리기</translation>
    </message>
    <message>
      <source>Use only a face and a voice you have permission to use. The record is saved in the project.</source>
      <translation>사용 허락을 받은 얼굴과 목소리만 사용하세요. 이 기록은 프로젝트에 저장됩니다.</translation>
    </message>
    <message>
      <source>User Guide</source>
      <translation>사용 안내</translation>
    </message>
    <message>
      <source>Verbosity</source>
      <translation>말수</translation>
    </message>
    <message>
      <source>Videos (*.mp4 *.mov *.webm *.avi *.mkv *.m4v)</source>
      <translation>동영상 (*.mp4 *.mov *.webm *.avi *.mkv *.m4v)</translation>
    </message>
    <message>
      <source>Videos (*.mp4 *.webm *.mov *.avi *.mkv)</source>
      <translation>동영상 (*.mp4 *.webm *.mov *.avi *.mkv)</translation>
    </message>
    <message>
      <source>Videos (*.mp4 *.webm *.mov)</source>
      <translation>동영상 (*.mp4 *.webm *.mov)</translation>
    </message>
    <message>
      <source>Virtual Camera</source>
      <translation>가상 카메라</translation>
    </message>
    <message>
      <source>Visible AI-generated badge</source>
      <translation>화면에 AI 생성 배지 표시</translation>
    </message>
    <message>
      <source>Voice</source>
      <translation>목소리</translation>
    </message>
    <message>
      <source>Voice engine</source>
      <translation>음성 엔진</translation>
    </message>
    <message>
      <source>Voice language</source>
      <translation>목소리 언어</translation>
    </message>
    <message>
      <source>Voice pitch</source>
      <translation>목소리 높이</translation>
    </message>
    <message>
      <source>Voice sample</source>
      <translation>목소리 샘플</translation>
    </message>
    <message>
      <source>Voice volume</source>
      <translation>음량</translation>
    </message>
    <message>
      <source>Warp: </source>
      <translation>와핑: </translation>
    </message>
    <message>
      <source>Webcam</source>
      <translation>웹캠</translation>
    </message>
    <message>
      <source>Webcam sensitivity</source>
      <translation>웹캠 감도</translation>
    </message>
    <message>
      <source>What %1 remembers about you and your conversations, kept only on this computer:</source>
      <translation>%1이(가) 나와 나눈 대화에 대해 기억하는 내용입니다. 이 컴퓨터에만 보관됩니다:</translation>
    </message>
    <message>
      <source>What the export looks like, live</source>
      <translation>내보낼 모습 미리보기 (실시간)</translation>
    </message>
    <message>
      <source>What the key shows: a built-in preset or one of your own</source>
      <translation>키가 보여 줄 표정: 기본 프리셋이나 내 프리셋</translation>
    </message>
    <message>
      <source>When</source>
      <translation>언제</translation>
    </message>
    <message>
      <source>When the chat shows one of these faces, show the one you choose instead</source>
      <translation>채팅이 이 표정을 지을 때 대신 고른 표정을 보여 줍니다</translation>
    </message>
    <message>
      <source>While held</source>
      <translation>누르는 동안</translation>
    </message>
    <message>
      <source>Wide left</source>
      <translation>왼쪽 눈 크게 뜨기</translation>
    </message>
    <message>
      <source>Wide right</source>
      <translation>오른쪽 눈 크게 뜨기</translation>
    </message>
    <message>
      <source>Workers</source>
      <translation>작업자 수</translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>처리하는 중…</translation>
    </message>
    <message>
      <source>You</source>
      <translation>나</translation>
    </message>
    <message>
      <source>Your own preset (saved in the project)</source>
      <translation>내 프리셋 (프로젝트에 저장됨)</translation>
    </message>
    <message>
      <source>Zip files (*.zip)</source>
      <translation>Zip 파일 (*.zip)</translation>
    </message>
    <message>
      <source>a photo facing the camera turns and talks more naturally</source>
      <translation>정면 사진이 더 자연스럽게 돌아보고 말합니다</translation>
    </message>
    <message>
      <source>add keyframe</source>
      <translation>키프레임 추가</translation>
    </message>
    <message>
      <source>afro</source>
      <translation>아프로</translation>
    </message>
    <message>
      <source>almond</source>
      <translation>아몬드형</translation>
    </message>
    <message>
      <source>angry</source>
      <translation>화남</translation>
    </message>
    <message>
      <source>arched</source>
      <translation>아치형</translation>
    </message>
    <message>
      <source>as in the photo</source>
      <translation>사진 그대로</translation>
    </message>
    <message>
      <source>as in the project; or #rrggbb, transparent, blur, original, a picture</source>
      <translation>프로젝트 설정대로. 또는 #rrggbb, transparent, blur, original, 그림 파일</translation>
    </message>
    <message>
      <source>as it is</source>
      <translation>그대로</translation>
    </message>
    <message>
      <source>as photographed</source>
      <translation>사진 그대로</translation>
    </message>
    <message>
      <source>auto</source>
      <translation>자동</translation>
    </message>
    <message>
      <source>average</source>
      <translation>보통 체형</translation>
    </message>
    <message>
      <source>aviator</source>
      <translation>보잉</translation>
    </message>
    <message>
      <source>bald</source>
      <translation>대머리</translation>
    </message>
    <message>
      <source>beanie</source>
      <translation>비니</translation>
    </message>
    <message>
      <source>beard</source>
      <translation>턱수염</translation>
    </message>
    <message>
      <source>beat</source>
      <translation>박자</translation>
    </message>
    <message>
      <source>beret</source>
      <translation>베레모</translation>
    </message>
    <message>
      <source>big</source>
      <translation>크게</translation>
    </message>
    <message>
      <source>black and white (kept)</source>
      <translation>흑백 (유지)</translation>
    </message>
    <message>
      <source>blazer</source>
      <translation>블레이저</translation>
    </message>
    <message>
      <source>blur</source>
      <translation>흐림</translation>
    </message>
    <message>
      <source>blush</source>
      <translation>블러셔</translation>
    </message>
    <message>
      <source>bob</source>
      <translation>단발</translation>
    </message>
    <message>
      <source>braids</source>
      <translation>땋은 머리</translation>
    </message>
    <message>
      <source>broad</source>
      <translation>넓은 어깨</translation>
    </message>
    <message>
      <source>brows lowered</source>
      <translation>눈썹 내려감</translation>
    </message>
    <message>
      <source>brows raised</source>
      <translation>눈썹 올라감</translation>
    </message>
    <message>
      <source>bucket</source>
      <translation>버킷햇</translation>
    </message>
    <message>
      <source>build</source>
      <translation>체형</translation>
    </message>
    <message>
      <source>bun</source>
      <translation>올림머리</translation>
    </message>
    <message>
      <source>button</source>
      <translation>동그란 코</translation>
    </message>
    <message>
      <source>buzz</source>
      <translation>아주 짧은 머리</translation>
    </message>
    <message>
      <source>bye</source>
      <translation>안녕</translation>
    </message>
    <message>
      <source>calm</source>
      <translation>차분하게</translation>
    </message>
    <message>
      <source>cap</source>
      <translation>야구모자</translation>
    </message>
    <message>
      <source>casual</source>
      <translation>반말</translation>
    </message>
    <message>
      <source>cat eye</source>
      <translation>캣아이</translation>
    </message>
    <message>
      <source>change chat faces</source>
      <translation>채팅 표정 변경</translation>
    </message>
    <message>
      <source>change hotkeys</source>
      <translation>단축키 변경</translation>
    </message>
    <message>
      <source>change keyframe</source>
      <translation>키프레임 변경</translation>
    </message>
    <message>
      <source>change pose</source>
      <translation>포즈 변경</translation>
    </message>
    <message>
      <source>change voice language</source>
      <translation>목소리 언어 변경</translation>
    </message>
    <message>
      <source>change {}</source>
      <translation>{} 변경</translation>
    </message>
    <message>
      <source>cheeks puffed out</source>
      <translation>볼을 부풀립니다</translation>
    </message>
    <message>
      <source>cheeky</source>
      <translation>장난스러움</translation>
    </message>
    <message>
      <source>choose it in the call app</source>
      <translation>통화 앱에서 선택하세요</translation>
    </message>
    <message>
      <source>click to move the playhead there</source>
      <translation>누르면 재생 위치가 그곳으로 옮겨집니다</translation>
    </message>
    <message>
      <source>collar shirt</source>
      <translation>셔츠</translation>
    </message>
    <message>
      <source>colour</source>
      <translation>단색</translation>
    </message>
    <message>
      <source>coreml</source>
      <translation>CoreML</translation>
    </message>
    <message>
      <source>cpu</source>
      <translation>CPU</translation>
    </message>
    <message>
      <source>cuda</source>
      <translation>CUDA</translation>
    </message>
    <message>
      <source>curly</source>
      <translation>곱슬머리</translation>
    </message>
    <message>
      <source>dB/octave</source>
      <translation>dB/옥타브</translation>
    </message>
    <message>
      <source>dark</source>
      <translation>어두운 테마</translation>
    </message>
    <message>
      <source>default for the language</source>
      <translation>언어 기본값</translation>
    </message>
    <message>
      <source>default models folder</source>
      <translation>기본 모델 폴더</translation>
    </message>
    <message>
      <source>degrees; chin up (+)</source>
      <translation>각도. 턱을 듦 (+)</translation>
    </message>
    <message>
      <source>degrees; head tilted towards the subject's left shoulder (+)</source>
      <translation>각도. 본인의 왼쪽 어깨 쪽으로 기울임 (+)</translation>
    </message>
    <message>
      <source>degrees; turn towards the subject's left (+)</source>
      <translation>각도. 본인의 왼쪽으로 돌림 (+)</translation>
    </message>
    <message>
      <source>delete keyframe</source>
      <translation>키프레임 삭제</translation>
    </message>
    <message>
      <source>delete my preset</source>
      <translation>내 프리셋 삭제</translation>
    </message>
    <message>
      <source>diamond</source>
      <translation>마름모형</translation>
    </message>
    <message>
      <source>dim light</source>
      <translation>어두운 조명</translation>
    </message>
    <message>
      <source>directml</source>
      <translation>DirectML</translation>
    </message>
    <message>
      <source>disgusted</source>
      <translation>역겨움</translation>
    </message>
    <message>
      <source>drawn</source>
      <translation>그림</translation>
    </message>
    <message>
      <source>drops</source>
      <translation>드롭 귀걸이</translation>
    </message>
    <message>
      <source>e.g. llama3.2</source>
      <translation>예: llama3.2</translation>
    </message>
    <message>
      <source>eSpeak's Japanese voice reads kana only: kanji were read with the Mandarin voice — write them in kana for Japanese readings</source>
      <translation>eSpeak의 일본어 목소리는 가나만 읽습니다. 한자는 중국어 목소리로 읽었으니 일본어로 읽으려면 가나로 쓰세요</translation>
    </message>
    <message>
      <source>earring colour</source>
      <translation>귀걸이 색</translation>
    </message>
    <message>
      <source>earrings</source>
      <translation>귀걸이</translation>
    </message>
    <message>
      <source>ears</source>
      <translation>귀</translation>
    </message>
    <message>
      <source>edit</source>
      <translation>편집</translation>
    </message>
    <message>
      <source>edit memories</source>
      <translation>기억 고치기</translation>
    </message>
    <message>
      <source>even light</source>
      <translation>고른 조명</translation>
    </message>
    <message>
      <source>eye colour</source>
      <translation>눈동자 색</translation>
    </message>
    <message>
      <source>eye shape</source>
      <translation>눈 모양</translation>
    </message>
    <message>
      <source>eyebrows</source>
      <translation>눈썹</translation>
    </message>
    <message>
      <source>eyeliner</source>
      <translation>아이라이너</translation>
    </message>
    <message>
      <source>eyes narrowed</source>
      <translation>눈 가늘게 뜸</translation>
    </message>
    <message>
      <source>eyes wide</source>
      <translation>눈 크게 뜸</translation>
    </message>
    <message>
      <source>eyeshadow</source>
      <translation>아이섀도</translation>
    </message>
    <message>
      <source>face shape</source>
      <translation>얼굴형</translation>
    </message>
    <message>
      <source>face {px} px wide in {w}×{h}</source>
      <translation>{w}×{h} 사진 속 얼굴 너비 {px} px</translation>
    </message>
    <message>
      <source>facial hair</source>
      <translation>수염</translation>
    </message>
    <message>
      <source>facing the camera</source>
      <translation>정면</translation>
    </message>
    <message>
      <source>fear</source>
      <translation>두려움</translation>
    </message>
    <message>
      <source>forget memories</source>
      <translation>기억 지우기</translation>
    </message>
    <message>
      <source>formal</source>
      <translation>합쇼체</translation>
    </message>
    <message>
      <source>frames/s</source>
      <translation>프레임/초</translation>
    </message>
    <message>
      <source>freckles</source>
      <translation>주근깨</translation>
    </message>
    <message>
      <source>frowning</source>
      <translation>찡그림</translation>
    </message>
    <message>
      <source>full</source>
      <translation>전체</translation>
    </message>
    <message>
      <source>full (mouth)</source>
      <translation>도톰한 입</translation>
    </message>
    <message>
      <source>full beard</source>
      <translation>덥수룩한 수염</translation>
    </message>
    <message>
      <source>glam</source>
      <translation>화려한 화장</translation>
    </message>
    <message>
      <source>glasses</source>
      <translation>안경</translation>
    </message>
    <message>
      <source>glasses colour</source>
      <translation>안경 색</translation>
    </message>
    <message>
      <source>goatee</source>
      <translation>염소수염</translation>
    </message>
    <message>
      <source>hair colour</source>
      <translation>머리 색</translation>
    </message>
    <message>
      <source>hairstyle</source>
      <translation>머리 모양</translation>
    </message>
    <message>
      <source>happy</source>
      <translation>기쁨</translation>
    </message>
    <message>
      <source>harsh light</source>
      <translation>강한 조명</translation>
    </message>
    <message>
      <source>hat</source>
      <translation>모자</translation>
    </message>
    <message>
      <source>hat colour</source>
      <translation>모자 색</translation>
    </message>
    <message>
      <source>headband</source>
      <translation>머리띠</translation>
    </message>
    <message>
      <source>heart</source>
      <translation>하트형</translation>
    </message>
    <message>
      <source>hime</source>
      <translation>히메 컷</translation>
    </message>
    <message>
      <source>hooded</source>
      <translation>속쌍꺼풀</translation>
    </message>
    <message>
      <source>hoodie</source>
      <translation>후드티</translation>
    </message>
    <message>
      <source>hoops</source>
      <translation>링 귀걸이</translation>
    </message>
    <message>
      <source>image</source>
      <translation>이미지</translation>
    </message>
    <message>
      <source>inner brows raised (worry, surprise)</source>
      <translation>눈썹 안쪽을 올립니다 (걱정, 놀람)</translation>
    </message>
    <message>
      <source>install onnxruntime-directml for GPU acceleration</source>
      <translation>GPU 가속을 쓰려면 onnxruntime-directml을 설치하세요</translation>
    </message>
    <message>
      <source>install onnxruntime-gpu (extra 'cuda') with an NVIDIA GPU for acceleration</source>
      <translation>NVIDIA GPU가 있으면 onnxruntime-gpu ('cuda' 추가 기능)를 설치해 가속하세요</translation>
    </message>
    <message>
      <source>irises towards the subject's left (+) or right (-)</source>
      <translation>눈동자를 본인의 왼쪽(+) 또는 오른쪽(-)으로</translation>
    </message>
    <message>
      <source>irises up (+) or down (-)</source>
      <translation>눈동자를 위(+) 또는 아래(-)로</translation>
    </message>
    <message>
      <source>jaw drops; chin and lower lip follow</source>
      <translation>턱이 내려가고 턱끝과 아랫입술이 따라갑니다</translation>
    </message>
    <message>
      <source>kiss</source>
      <translation>뽀뽀</translation>
    </message>
    <message>
      <source>large</source>
      <translation>큰 귀</translation>
    </message>
    <message>
      <source>laugh</source>
      <translation>웃음</translation>
    </message>
    <message>
      <source>laughing or talking (mouth open)</source>
      <translation>크게 웃거나 말하는 중 (입 벌림)</translation>
    </message>
    <message>
      <source>left brow lowered (anger, focus)</source>
      <translation>왼쪽 눈썹을 내립니다 (화남, 집중)</translation>
    </message>
    <message>
      <source>left corner pulled sideways (ee, fear)</source>
      <translation>왼쪽 입꼬리를 옆으로 당깁니다 (이, 두려움)</translation>
    </message>
    <message>
      <source>left eye opened wide</source>
      <translation>왼쪽 눈을 크게 뜹니다</translation>
    </message>
    <message>
      <source>left lid closed</source>
      <translation>왼쪽 눈꺼풀을 감습니다</translation>
    </message>
    <message>
      <source>left lower lid raised</source>
      <translation>왼쪽 아래 눈꺼풀을 올립니다</translation>
    </message>
    <message>
      <source>left mouth corner down</source>
      <translation>왼쪽 입꼬리를 아래로</translation>
    </message>
    <message>
      <source>left mouth corner up and out</source>
      <translation>왼쪽 입꼬리를 위와 바깥으로</translation>
    </message>
    <message>
      <source>light</source>
      <translation>밝은 테마</translation>
    </message>
    <message>
      <source>lip colour</source>
      <translation>입술 색</translation>
    </message>
    <message>
      <source>lips pressed together (bilabials m, b, p) even with the jaw open</source>
      <translation>턱이 벌어져도 입술을 붙입니다 (ㅁ, ㅂ, ㅍ 소리)</translation>
    </message>
    <message>
      <source>lips rounded and open (o, u)</source>
      <translation>입술을 둥글게 벌립니다 (오, 우)</translation>
    </message>
    <message>
      <source>lips rounded and pushed forward, closed (w, kiss)</source>
      <translation>입술을 둥글게 모아 앞으로 내밉니다 (뽀뽀)</translation>
    </message>
    <message>
      <source>lipstick</source>
      <translation>립스틱</translation>
    </message>
    <message>
      <source>lively</source>
      <translation>활발하게</translation>
    </message>
    <message>
      <source>long</source>
      <translation>긴</translation>
    </message>
    <message>
      <source>long (face shape)</source>
      <translation>긴 얼굴형</translation>
    </message>
    <message>
      <source>long (hairstyle)</source>
      <translation>긴 머리</translation>
    </message>
    <message>
      <source>love</source>
      <translation>사랑</translation>
    </message>
    <message>
      <source>lower lip lowered away from the teeth</source>
      <translation>아랫입술을 이에서 떼어 내립니다</translation>
    </message>
    <message>
      <source>make-up</source>
      <translation>화장</translation>
    </message>
    <message>
      <source>make-up colour</source>
      <translation>화장 색</translation>
    </message>
    <message>
      <source>medium</source>
      <translation>보통 입</translation>
    </message>
    <message>
      <source>mohawk</source>
      <translation>모히칸</translation>
    </message>
    <message>
      <source>motion</source>
      <translation>동작</translation>
    </message>
    <message>
      <source>moustache</source>
      <translation>콧수염</translation>
    </message>
    <message>
      <source>mouth</source>
      <translation>입</translation>
    </message>
    <message>
      <source>mouth open</source>
      <translation>입 벌림</translation>
    </message>
    <message>
      <source>move keyframe</source>
      <translation>키프레임 옮기기</translation>
    </message>
    <message>
      <source>mute</source>
      <translation>입 다물기</translation>
    </message>
    <message>
      <source>narrow</source>
      <translation>가는</translation>
    </message>
    <message>
      <source>natural</source>
      <translation>자연스럽게</translation>
    </message>
    <message>
      <source>natural (eyebrows)</source>
      <translation>자연스러운</translation>
    </message>
    <message>
      <source>negate</source>
      <translation>부정</translation>
    </message>
    <message>
      <source>neutral</source>
      <translation>무표정</translation>
    </message>
    <message>
      <source>no accelerator available; running on the CPU ({0})</source>
      <translation>가속기가 없어 CPU로 실행합니다 ({0})</translation>
    </message>
    <message>
      <source>no image</source>
      <translation>이미지 없음</translation>
    </message>
    <message>
      <source>nod</source>
      <translation>끄덕임</translation>
    </message>
    <message>
      <source>none</source>
      <translation>없음</translation>
    </message>
    <message>
      <source>none: the built-in responder (e.g. http://127.0.0.1:11434)</source>
      <translation>비우면 내장 응답기 (예: http://127.0.0.1:11434)</translation>
    </message>
    <message>
      <source>normal</source>
      <translation>보통</translation>
    </message>
    <message>
      <source>nose</source>
      <translation>코</translation>
    </message>
    <message>
      <source>not found</source>
      <translation>찾을 수 없음</translation>
    </message>
    <message>
      <source>off</source>
      <translation>꺼짐</translation>
    </message>
    <message>
      <source>on</source>
      <translation>켜짐</translation>
    </message>
    <message>
      <source>optional</source>
      <translation>선택 사항</translation>
    </message>
    <message>
      <source>optional text on the sticker</source>
      <translation>스티커에 넣을 문구 (선택)</translation>
    </message>
    <message>
      <source>optional: lip-sync to this recording instead of the text</source>
      <translation>선택: 대사 대신 이 녹음에 입 모양 맞추기</translation>
    </message>
    <message>
      <source>optional: music under the voice</source>
      <translation>선택: 목소리 아래에 깔 음악</translation>
    </message>
    <message>
      <source>original</source>
      <translation>원본</translation>
    </message>
    <message>
      <source>other</source>
      <translation>상대 가리키기</translation>
    </message>
    <message>
      <source>outer left brow raised</source>
      <translation>왼쪽 눈썹 바깥쪽을 올립니다</translation>
    </message>
    <message>
      <source>outer right brow raised</source>
      <translation>오른쪽 눈썹 바깥쪽을 올립니다</translation>
    </message>
    <message>
      <source>oval</source>
      <translation>계란형</translation>
    </message>
    <message>
      <source>parts in other scripts were read with the voice for {0}</source>
      <translation>다른 문자로 된 부분은 {0} 목소리로 읽었습니다</translation>
    </message>
    <message>
      <source>party</source>
      <translation>파티 모자</translation>
    </message>
    <message>
      <source>paste keyframes</source>
      <translation>키프레임 붙여 넣기</translation>
    </message>
    <message>
      <source>per minute</source>
      <translation>회/분</translation>
    </message>
    <message>
      <source>person {n}: {faces} faces, best at {time} s (score {score})</source>
      <translation>{n}번째 사람: 얼굴 {faces}번, 가장 좋은 장면 {time}초 (점수 {score})</translation>
    </message>
    <message>
      <source>photo</source>
      <translation>사진</translation>
    </message>
    <message>
      <source>photo: </source>
      <translation>사진: </translation>
    </message>
    <message>
      <source>pixie</source>
      <translation>픽시 컷</translation>
    </message>
    <message>
      <source>pointed</source>
      <translation>뾰족한</translation>
    </message>
    <message>
      <source>polite</source>
      <translation>해요체</translation>
    </message>
    <message>
      <source>ponytail</source>
      <translation>포니테일</translation>
    </message>
    <message>
      <source>preset</source>
      <translation>프리셋</translation>
    </message>
    <message>
      <source>quiff</source>
      <translation>올린 앞머리</translation>
    </message>
    <message>
      <source>record consent</source>
      <translation>동의 기록</translation>
    </message>
    <message>
      <source>relaxed</source>
      <translation>편안한 표정</translation>
    </message>
    <message>
      <source>remember what was said</source>
      <translation>대화 내용 기억</translation>
    </message>
    <message>
      <source>reset pose</source>
      <translation>포즈 초기화</translation>
    </message>
    <message>
      <source>right brow lowered</source>
      <translation>오른쪽 눈썹을 내립니다</translation>
    </message>
    <message>
      <source>right corner pulled sideways</source>
      <translation>오른쪽 입꼬리를 옆으로 당깁니다</translation>
    </message>
    <message>
      <source>right eye opened wide</source>
      <translation>오른쪽 눈을 크게 뜹니다</translation>
    </message>
    <message>
      <source>right lid closed</source>
      <translation>오른쪽 눈꺼풀을 감습니다</translation>
    </message>
    <message>
      <source>right lower lid raised</source>
      <translation>오른쪽 아래 눈꺼풀을 올립니다</translation>
    </message>
    <message>
      <source>right mouth corner down</source>
      <translation>오른쪽 입꼬리를 아래로</translation>
    </message>
    <message>
      <source>right mouth corner up and out</source>
      <translation>오른쪽 입꼬리를 위와 바깥으로</translation>
    </message>
    <message>
      <source>round</source>
      <translation>둥근 안경</translation>
    </message>
    <message>
      <source>round (eye shape)</source>
      <translation>동그란 눈</translation>
    </message>
    <message>
      <source>round (face shape)</source>
      <translation>둥근형</translation>
    </message>
    <message>
      <source>round (nose)</source>
      <translation>둥근 코</translation>
    </message>
    <message>
      <source>sad</source>
      <translation>슬픔</translation>
    </message>
    <message>
      <source>save my preset</source>
      <translation>내 프리셋 저장</translation>
    </message>
    <message>
      <source>self</source>
      <translation>자기 가리키기</translation>
    </message>
    <message>
      <source>semitones</source>
      <translation>반음</translation>
    </message>
    <message>
      <source>shake</source>
      <translation>도리도리</translation>
    </message>
    <message>
      <source>short</source>
      <translation>짧은 머리</translation>
    </message>
    <message>
      <source>shout</source>
      <translation>외침</translation>
    </message>
    <message>
      <source>side part</source>
      <translation>옆 가르마</translation>
    </message>
    <message>
      <source>skin tone</source>
      <translation>피부색</translation>
    </message>
    <message>
      <source>sleepy</source>
      <translation>졸림</translation>
    </message>
    <message>
      <source>slim</source>
      <translation>마른</translation>
    </message>
    <message>
      <source>small</source>
      <translation>작은</translation>
    </message>
    <message>
      <source>smiling</source>
      <translation>웃는 얼굴</translation>
    </message>
    <message>
      <source>smirk</source>
      <translation>능글맞은 미소</translation>
    </message>
    <message>
      <source>square</source>
      <translation>사각 안경</translation>
    </message>
    <message>
      <source>square (face shape)</source>
      <translation>각진형</translation>
    </message>
    <message>
      <source>straight</source>
      <translation>일자</translation>
    </message>
    <message>
      <source>stubble</source>
      <translation>짧은 수염</translation>
    </message>
    <message>
      <source>studs</source>
      <translation>스터드</translation>
    </message>
    <message>
      <source>summary</source>
      <translation>요약</translation>
    </message>
    <message>
      <source>sunglasses</source>
      <translation>선글라스</translation>
    </message>
    <message>
      <source>surprised</source>
      <translation>놀람</translation>
    </message>
    <message>
      <source>syllables/s</source>
      <translation>음절/초</translation>
    </message>
    <message>
      <source>system</source>
      <translation>시스템 설정</translation>
    </message>
    <message>
      <source>talking</source>
      <translation>말하는 입</translation>
    </message>
    <message>
      <source>tank</source>
      <translation>민소매</translation>
    </message>
    <message>
      <source>the avatar</source>
      <translation>아바타</translation>
    </message>
    <message>
      <source>the face is small, so the avatar is enlarged and softer; a closer or larger photo looks sharper</source>
      <translation>얼굴이 작아 확대했기 때문에 흐릿합니다. 더 가깝거나 큰 사진이 선명합니다</translation>
    </message>
    <message>
      <source>the light is dim; a photo in soft, even light looks best</source>
      <translation>조명이 어둡습니다. 부드럽고 고른 조명의 사진이 가장 좋습니다</translation>
    </message>
    <message>
      <source>the light is harsh; a photo in soft, even light looks best</source>
      <translation>조명이 강합니다. 부드럽고 고른 조명의 사진이 가장 좋습니다</translation>
    </message>
    <message>
      <source>the light is uneven; a photo in soft, even light looks best</source>
      <translation>조명이 고르지 않습니다. 부드럽고 고른 조명의 사진이 가장 좋습니다</translation>
    </message>
    <message>
      <source>thick</source>
      <translation>두꺼운</translation>
    </message>
    <message>
      <source>thin</source>
      <translation>얇은</translation>
    </message>
    <message>
      <source>think</source>
      <translation>생각</translation>
    </message>
    <message>
      <source>thinking</source>
      <translation>생각 중</translation>
    </message>
    <message>
      <source>this onnxruntime build has no CoreML provider</source>
      <translation>이 onnxruntime에는 CoreML 실행 공급자가 없습니다</translation>
    </message>
    <message>
      <source>tilted {deg}°</source>
      <translation>{deg}° 기울어짐</translation>
    </message>
    <message>
      <source>time</source>
      <translation>시간</translation>
    </message>
    <message>
      <source>tongue visible between the teeth (th, l)</source>
      <translation>이 사이로 혀가 보입니다 (th, l 소리)</translation>
    </message>
    <message>
      <source>top</source>
      <translation>상의</translation>
    </message>
    <message>
      <source>top colour</source>
      <translation>상의 색</translation>
    </message>
    <message>
      <source>transparent</source>
      <translation>투명</translation>
    </message>
    <message>
      <source>tshirt</source>
      <translation>티셔츠</translation>
    </message>
    <message>
      <source>turned {deg}°</source>
      <translation>{deg}° 돌아감</translation>
    </message>
    <message>
      <source>turtleneck</source>
      <translation>터틀넥</translation>
    </message>
    <message>
      <source>uneven light</source>
      <translation>고르지 않은 조명</translation>
    </message>
    <message>
      <source>upper lip raised (f, v show the teeth; disgust)</source>
      <translation>윗입술을 올립니다 (f, v 소리에 이가 보임, 혐오)</translation>
    </message>
    <message>
      <source>visemes</source>
      <translation>입 모양</translation>
    </message>
    <message>
      <source>vneck</source>
      <translation>브이넥</translation>
    </message>
    <message>
      <source>voice</source>
      <translation>음성</translation>
    </message>
    <message>
      <source>voice language</source>
      <translation>목소리 언어</translation>
    </message>
    <message>
      <source>voice sample</source>
      <translation>목소리 샘플</translation>
    </message>
    <message>
      <source>wave</source>
      <translation>손 흔들기</translation>
    </message>
    <message>
      <source>wavy</source>
      <translation>웨이브</translation>
    </message>
    <message>
      <source>wide</source>
      <translation>넓은</translation>
    </message>
    <message>
      <source>wink</source>
      <translation>윙크</translation>
    </message>
    <message>
      <source>words/min</source>
      <translation>단어/분</translation>
    </message>
    <message>
      <source>{0} chosen as requested</source>
      <translation>요청대로 {0}을(를) 씁니다</translation>
    </message>
    <message>
      <source>{0} is the best accelerator available</source>
      <translation>사용할 수 있는 가장 좋은 가속기는 {0}입니다</translation>
    </message>
    <message>
      <source>{done} made, {skipped} already done, {failed} failed, {invalid} invalid; summary: {summary}</source>
      <translation>{done}개 만듦, {skipped}개 이미 있음, {failed}개 실패, {invalid}개 잘못됨. 요약: {summary}</translation>
    </message>
  </context>
</TS>
