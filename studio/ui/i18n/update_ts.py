"""Regenerate `studio_ko.ts` (and `studio_ko.qm` when `pyside6-lrelease` is available).

    python -m studio.ui.i18n.update_ts

Sources are every `tr("…")` literal under studio/ui plus the profile's field labels, units and
choices, the expression presets and the sticker motions (the editors show those through `tr`).
Translations come from `KO` below; a source without one is written as "unfinished" so that
Qt Linguist shows what is left to translate, and the UI falls back to English for it.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
UI = HERE.parent

KO = {
    # menus, toolbar, actions
    "&File": "파일(&F)", "&Edit": "편집(&E)", "&Preview": "미리보기(&P)", "&View": "보기(&V)",
    "New from Photo…": "사진으로 새로 만들기…", "New from Photo": "사진으로 새로 만들기",
    "New from Webcam Snapshot": "웹캠 사진으로 새로 만들기", "Open…": "열기…", "Open": "열기",
    "Open Recent": "최근 프로젝트", "(none)": "(없음)", "Save": "저장", "Save As…": "다른 이름으로 저장…",
    "Save As": "다른 이름으로 저장", "Undo": "실행 취소", "Redo": "다시 실행", "Speak": "말하기",
    "Play": "재생", "Webcam": "웹캠", "Microphone": "마이크", "Export": "내보내기",
    "Export Video…": "동영상 내보내기…", "Export Sticker…": "스티커 내보내기…",
    "Export Sticker Pack…": "스티커 팩 내보내기…", "Export Video": "동영상 내보내기",
    "Export Sticker": "스티커 내보내기", "Export Sticker Pack": "스티커 팩 내보내기",
    "Preferences…": "환경설정…", "Preferences": "환경설정", "Quit": "끝내기", "Main": "기본",
    "Make a new avatar from a face photo": "얼굴 사진 한 장으로 새 아바타를 만듭니다",
    "Say the script line with the avatar's voice": "아바타의 목소리로 대사를 말합니다",
    "Play or pause the preview": "미리보기를 재생하거나 일시 정지합니다",
    "Drive the avatar with your face through the webcam": "웹캠으로 내 얼굴을 따라 움직이게 합니다",
    "Lip-sync to your microphone": "마이크 소리에 입 모양을 맞춥니다",
    "&Help": "도움말(&H)", "Show Log Folder": "로그 폴더 열기", "About Avatar Studio": "아바타 스튜디오 정보",
    "A talking digital human from one photo, made and kept on this computer.":
        "사진 한 장으로 만드는 말하는 디지털 휴먼. 이 컴퓨터에서 만들고 보관합니다.",
    # window
    "Avatar Studio": "아바타 스튜디오", "Customize": "꾸미기", "Timeline": "타임라인",
    "Appearance": "외모", "Motion && Voice": "동작과 목소리", "Personality": "성격", "Privacy": "개인정보",
    "Untitled": "제목 없음", "frames/s": "프레임/초", "Accelerator: ": "가속기: ",
    "Type what your avatar should say, then press Speak": "아바타가 할 말을 입력하고 말하기를 누르세요",
    "voice language": "목소리 언어", "Open a photo to make your digital human": "사진을 열어 디지털 휴먼을 만드세요",
    "Opening the sample avatar…": "샘플 아바타를 여는 중…",
    "Finding the face and preparing the avatar…": "얼굴을 찾고 아바타를 준비하는 중…",
    "Preparing the avatar…": "아바타 준비 중…", "Saved ": "저장됨: ",
    "Synthesizing speech…": "음성을 합성하는 중…",
    "No audio output device: the preview plays silently.": "오디오 출력 장치가 없어 소리 없이 재생합니다.",
    "Recover unsaved work": "저장하지 않은 작업 복구",
    "Avatar Studio closed before your last changes were saved. Recover them?":
        "마지막 변경 사항을 저장하기 전에 아바타 스튜디오가 종료되었습니다. 복구할까요?",
    "Unsaved changes": "저장하지 않은 변경 사항", "Save the changes to this avatar first?": "이 아바타의 변경 사항을 먼저 저장할까요?",
    "Avatar projects (*.dhc)": "아바타 프로젝트 (*.dhc)",
    "Face photos (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.heic)": "얼굴 사진 (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.heic)",
    "Images (*.png *.jpg *.jpeg *.webp *.bmp)": "이미지 (*.png *.jpg *.jpeg *.webp *.bmp)",
    "Audio (*.wav *.flac *.ogg *.mp3 *.m4a)": "오디오 (*.wav *.flac *.ogg *.mp3 *.m4a)",
    # editor groups
    "Face shape": "얼굴형", "Skin and colours": "피부와 색", "Accessories": "액세서리", "Framing": "화면 구도",
    "Background": "배경", "Glasses": "안경", "Hat": "모자", "Earrings": "귀걸이", "Choose image…": "이미지 선택…",
    "Remove": "삭제", "no image": "이미지 없음", "Background image": "배경 이미지", "as in the photo": "사진 그대로",
    "Expression": "표정", "Idle behaviour": "대기 동작", "Lip-sync": "립싱크", "Voice": "목소리",
    "Engine": "엔진", "Language": "언어", "default for the language": "언어 기본값", "Voice sample": "목소리 샘플",
    "Record 30 s": "30초 녹음", "Import audio…": "오디오 가져오기…", "Sample: ": "샘플: ",
    "No voice sample yet: record or import about 30 seconds of speech.": "아직 목소리 샘플이 없습니다. 30초 정도 말한 것을 녹음하거나 가져오세요.",
    "Analysing the voice sample…": "목소리 샘플을 분석하는 중…", "The sample sounds fine.": "샘플 품질이 좋습니다.",
    "Calibrate neutral face": "무표정 보정",
    "Look straight at the camera with a relaxed face, then click.": "편안한 표정으로 카메라를 정면으로 본 뒤 누르세요.",
    "Identity": "정체성", "Personality (Big Five)": "성격 (Big Five)", "Emotional baseline": "기본 감정",
    "Conversation style": "대화 방식", "Knowledge": "지식", "Memory": "기억", "Add memory…": "기억 추가…",
    "Add memory": "기억 추가", "Something the avatar remembers:": "아바타가 기억할 내용:",
    "Consent record": "동의 기록", "Record consent today": "오늘 날짜로 동의 기록",
    "Use only a face and a voice you have permission to use. The record is saved in the project.":
        "사용 허락을 받은 얼굴과 목소리만 사용하세요. 이 기록은 프로젝트에 저장됩니다.",
    "Disclosure on export": "내보낼 때 공개 범위", "AI-generated label": "AI 생성 표시",
    # field labels (capitalised as the forms show them)
    "Source photo": "원본 사진", "Face width": "얼굴 너비", "Jaw width": "턱 너비", "Chin length": "턱 길이",
    "Eye size": "눈 크기", "Nose width": "코 너비", "Lip fullness": "입술 두께",
    "Skin tone (darker … lighter)": "피부 톤 (어둡게 … 밝게)", "Skin smoothing": "피부 보정",
    "Lip colour": "입술 색", "Lip colour strength": "입술 색 강도", "Blush": "블러셔", "Blush colour": "블러셔 색",
    "Iris colour": "눈동자 색", "Hair colour": "머리 색", "Hair colour strength": "머리 색 강도",
    "Accessory colour": "액세서리 색", "Clothing tint": "옷 색조", "Framing zoom": "확대",
    "Framing horizontal offset": "가로 위치", "Framing vertical offset": "세로 위치",
    "Background colour": "배경 색", "Background blur": "배경 흐림",
    "Expression preset": "표정 프리셋", "Expression intensity": "표정 강도", "Blink rate": "눈 깜빡임",
    "Head sway": "머리 흔들림", "Breathing": "호흡", "Gaze wander": "시선 움직임", "Head motion style": "머리 움직임 스타일",
    "Articulation strength": "발음 강도", "Lip-sync smoothing": "립싱크 부드러움", "Voice engine": "음성 엔진",
    "Voice language": "목소리 언어", "Speaking rate": "말하기 속도", "Voice pitch": "목소리 높이",
    "Voice volume": "음량", "Match voice to sample": "샘플에 목소리 맞추기", "Webcam sensitivity": "웹캠 감도",
    "Mirror webcam": "웹캠 좌우 반전", "Gestures": "제스처", "Median pitch": "중간 음높이", "Pitch range": "음역",
    "Spectral tilt": "스펙트럼 기울기", "Formant shift": "포먼트 이동",
    "Name": "이름", "Role / description": "역할 / 설명", "Greeting": "인사말", "Openness": "개방성",
    "Conscientiousness": "성실성", "Extraversion": "외향성", "Agreeableness": "친화성", "Neuroticism": "신경성",
    "Emotional valence (unhappy … happy)": "감정 (불행 … 행복)", "Emotional arousal (calm … excited)": "각성 (차분 … 흥분)",
    "Expressiveness": "표현력", "Knowledge notes": "지식 메모", "Formality": "말투", "Emoji use": "이모지 사용",
    "Verbosity": "말수", "Consent to use this face": "이 얼굴 사용에 동의함", "Consent to use this voice": "이 목소리 사용에 동의함",
    "Consent given by": "동의한 사람", "Consent date": "동의 날짜", "Disclose appearance on export": "외모 정보 공개",
    "Disclose motion and voice on export": "동작·목소리 정보 공개", "Disclose personality on export": "성격 정보 공개",
    "AI-generated label in file metadata": "파일 메타데이터에 AI 생성 표시", "Visible AI-generated badge": "화면에 AI 생성 배지 표시",
    # units and choices
    "Hz": "Hz", "semitones": "반음", "syllables/s": "음절/초", "dB/octave": "dB/옥타브", "per minute": "회/분",
    "words/min": "단어/분", "none": "없음", "round": "둥근 안경", "square": "사각 안경", "sunglasses": "선글라스",
    "beanie": "비니", "cap": "야구모자", "party": "파티 모자", "studs": "스터드", "hoops": "링 귀걸이",
    "original": "원본", "colour": "단색", "image": "이미지", "blur": "흐림", "transparent": "투명",
    "calm": "차분하게", "natural": "자연스럽게", "lively": "활발하게", "full": "전체", "summary": "요약",
    "casual": "반말", "polite": "해요체", "formal": "합쇼체",
    "neutral": "무표정", "happy": "기쁨", "sad": "슬픔", "angry": "화남", "surprised": "놀람", "wink": "윙크",
    "thinking": "생각 중", "disgusted": "역겨움", "fear": "두려움", "kiss": "뽀뽀", "laugh": "웃음",
    "love": "사랑", "sleepy": "졸림", "smirk": "능글맞은 미소", "bye": "안녕", "nod": "끄덕임",
    "shake": "도리도리", "shout": "외침", "cheeky": "장난스러움",
    "Recording… read a paragraph aloud.": "녹음 중… 한 문단을 소리 내어 읽으세요.", "Stop": "정지",
    # chat
    "Chat": "대화", "Send": "보내기", "Greet": "인사하기", "Say something to your avatar…": "아바타에게 말을 걸어 보세요…",
    "The avatar says its greeting": "아바타가 인사말을 합니다", "You": "나", "Avatar": "아바타",
    "Remembered: ": "기억함: ", "Warp: ": "와핑: ", "Looking for cameras…": "카메라를 찾는 중…",
    "No camera found": "카메라를 찾지 못했습니다", "not found": "찾을 수 없음", "remember what was said": "대화 내용 기억",
    "Chat with your avatar: it answers aloud, in its mood, and remembers what you tell it when Memory is on.":
        "아바타와 대화해 보세요. 기분에 맞게 소리 내어 대답하고, 기억 기능이 켜져 있으면 알려 준 내용을 기억합니다.",
    # the chat's memory: the Memory dialog, Forget
    "Memory…": "기억…", "See, search, edit, export or delete what the avatar remembers":
        "아바타가 기억하는 내용을 보고, 찾고, 고치고, 내보내거나 지웁니다",
    "Forget": "잊기", "Delete what the avatar remembers about you and your conversations":
        "아바타가 나와 나눈 대화에 대해 기억하는 내용을 지웁니다",
    "Delete everything the avatar remembers about you, and the conversation history? This cannot be undone.":
        "아바타가 나에 대해 기억하는 모든 것과 대화 기록을 지울까요? 되돌릴 수 없습니다.",
    "Forgot everything the avatar remembered.": "아바타가 기억하던 것을 모두 잊었습니다.",
    "forget memories": "기억 지우기", "edit memories": "기억 고치기", "…": "…",
    "the avatar": "아바타",
    "What %1 remembers about you and your conversations, kept only on this computer:":
        "%1이(가) 나와 나눈 대화에 대해 기억하는 내용입니다. 이 컴퓨터에만 보관됩니다:",
    "Memory is off for this avatar: nothing new is stored.": "이 아바타는 기억 기능이 꺼져 있어 새로 저장하지 않습니다.",
    "Search memories…": "기억 검색…", "Kind": "종류", "When": "언제", "Text": "내용", "Edit": "고치기",
    "Export…": "내보내기…", "Forget Everything…": "모두 잊기…", "Forget Everything": "모두 잊기",
    "About you": "나에 대해", "Summary": "요약", "Working…": "처리하는 중…",
    "Could not change the memory: ": "기억을 바꾸지 못했습니다: ", "Reading the memory…": "기억을 읽는 중…",
    "%1 facts, %2 lines of conversation": "사실 %1개, 대화 %2줄", "%1 shown": "%1개 표시",
    "Nothing is remembered.": "기억하는 내용이 없습니다.", "Export Memory": "기억 내보내기",
    "JSON (*.json);;CSV for spreadsheets (*.csv)": "JSON (*.json);;스프레드시트용 CSV (*.csv)",
    "Exported %1 items to ": "%1개 항목을 내보냈습니다: ", "Forgetting…": "잊는 중…",
    "%1 items could not be deleted.": "%1개 항목을 지우지 못했습니다.",
    # timeline
    "voice": "음성", "visemes": "입 모양", "motion": "동작", "time": "시간",
    # export
    "Browse…": "찾아보기…", "Export to": "내보낼 위치", "Cancel": "취소", "Close": "닫기",
    "Exporting…": "내보내는 중…", "Cancelled; nothing was written.": "취소되었습니다. 아무 파일도 쓰지 않았습니다.",
    "Cancelling…": "취소하는 중…", "Say": "대사", "Length without speech": "대사가 없을 때 길이",
    "Format": "형식", "Frames/s": "초당 프레임", "Size": "크기", "Subtitle file (.srt)": "자막 파일 (.srt)",
    "Transparent background (WebM/MOV)": "투명 배경 (WebM/MOV)", "Save to": "저장 위치",
    "Videos (*.mp4 *.webm *.mov)": "동영상 (*.mp4 *.webm *.mov)", "Motion": "동작", "Platform": "플랫폼",
    "Caption": "문구", "optional text on the sticker": "스티커에 넣을 문구 (선택)",
    "Stickers (*.webp *.gif *.png *.webm)": "스티커 (*.webp *.gif *.png *.webm)", "Stickers": "스티커",
    "Zip files (*.zip)": "Zip 파일 (*.zip)", "Any (no platform limits)": "제한 없음",
"720p": "720p", "1080p": "1080p",
    # preferences
    "Camera": "카메라", "Speakers": "스피커", "System default": "시스템 기본값", "Accelerator": "가속기",
    "Models folder": "모델 폴더", "default models folder": "기본 모델 폴더", "Theme": "테마",
    "No audio devices were found on this computer.": "이 컴퓨터에서 오디오 장치를 찾지 못했습니다.",
    "auto": "자동", "cpu": "CPU", "cuda": "CUDA", "directml": "DirectML", "coreml": "CoreML",
    "system": "시스템 설정", "light": "밝은 테마", "dark": "어두운 테마",
    "Automatic (best available)": "자동 (가장 좋은 것)", "NVIDIA CUDA": "NVIDIA CUDA",
    "DirectML (Windows GPU)": "DirectML (Windows GPU)", "Core ML (Apple)": "Core ML (Apple)",
    "CPU": "CPU", "Same as the system": "시스템 설정과 같게", "Light": "밝게", "Dark": "어둡게",
    # the one voice-language setting, undo steps, the timeline's menu
    "The language the avatar speaks in (the voice language)": "아바타가 말하는 언어 (목소리 언어)",
    "change {}": "{} 변경", "change voice language": "목소리 언어 변경", "voice sample": "목소리 샘플",
    "record consent": "동의 기록", "edit": "편집", "Export image…": "이미지로 내보내기…",
    "Square": "정사각형", "Keyboard Shortcuts": "단축키", "User Guide": "사용 안내",
    # per-parameter pose editing and the user's own presets
    "Pose": "포즈", "Mouth": "입", "Eyes": "눈", "Brows": "눈썹", "Cheeks": "볼", "Gaze": "시선",
    "Head": "머리",
    "Start from a preset, then set any parameter; the pose is saved in the project.":
        "프리셋에서 시작해 원하는 값을 조절하세요. 포즈는 프로젝트에 저장됩니다.",
    "Jaw open": "턱 벌리기", "Lips closed": "입술 다물기", "Smile left": "왼쪽 미소",
    "Smile right": "오른쪽 미소", "Frown left": "왼쪽 입꼬리 내리기", "Frown right": "오른쪽 입꼬리 내리기",
    "Funnel (o)": "입술 둥글게 (오)", "Pucker (kiss)": "입술 내밀기 (뽀뽀)",
    "Stretch left": "왼쪽 입꼬리 당기기", "Stretch right": "오른쪽 입꼬리 당기기",
    "Upper lip up": "윗입술 올리기", "Lower lip down": "아랫입술 내리기", "Tongue out": "혀 내밀기",
    "Blink left": "왼쪽 눈 감기", "Blink right": "오른쪽 눈 감기", "Wide left": "왼쪽 눈 크게 뜨기",
    "Wide right": "오른쪽 눈 크게 뜨기", "Squint left": "왼쪽 눈 찡그리기",
    "Squint right": "오른쪽 눈 찡그리기", "Inner brows up": "눈썹 안쪽 올리기",
    "Outer brow up left": "왼쪽 눈썹 바깥 올리기", "Outer brow up right": "오른쪽 눈썹 바깥 올리기",
    "Brow down left": "왼쪽 눈썹 내리기", "Brow down right": "오른쪽 눈썹 내리기",
    "Cheeks puffed": "볼 부풀리기", "Look left / right": "왼쪽 / 오른쪽 보기",
    "Look up / down": "위 / 아래 보기", "Turn": "고개 돌리기", "Chin up / down": "턱 들기 / 숙이기",
    "Tilt": "고개 기울이기", "Reset pose": "포즈 초기화",
    "Back to the preset as it is, without your edits": "조절한 값 없이 프리셋 그대로 되돌립니다",
    "Save as my preset…": "내 프리셋으로 저장…", "Save as my preset": "내 프리셋으로 저장",
    "Keep this pose as your own preset, saved in the project": "이 포즈를 내 프리셋으로 프로젝트에 저장합니다",
    "Preset name:": "프리셋 이름:", "My preset": "내 프리셋",
    "Your own preset (saved in the project)": "내 프리셋 (프로젝트에 저장됨)",
    "Delete my preset": "내 프리셋 삭제", "Remove the chosen one of your own presets": "선택한 내 프리셋을 지웁니다",
    "change pose": "포즈 변경", "reset pose": "포즈 초기화", "save my preset": "내 프리셋 저장",
    "delete my preset": "내 프리셋 삭제",
    "Delete": "삭제", "Keyframes": "키프레임", "Add key": "키 추가", "click to move the playhead there": "누르면 재생 위치가 그곳으로 옮겨집니다",
    "Choose a file": "파일 선택", "No subtitles": "자막 없음", "Subtitle file (.vtt)": "자막 파일 (.vtt)",
    "Subtitles burned into the picture": "화면에 넣은 자막", "Subtitles": "자막", "Music": "음악",
    "Or lip-sync to": "또는 입 모양 맞추기",
    "optional: lip-sync to this recording instead of the text": "선택: 대사 대신 이 녹음에 입 모양 맞추기",
    "as in the project; or #rrggbb, transparent, blur, original, a picture":
        "프로젝트 설정대로. 또는 #rrggbb, transparent, blur, original, 그림 파일",
    "optional: music under the voice": "선택: 목소리 아래에 깔 음악",
    # what each expression preset shows
    "A relaxed, resting face": "편안하게 쉬는 얼굴", "A warm smile with raised cheeks": "볼이 올라간 따뜻한 미소",
    "Inner brows up, mouth corners down": "눈썹 안쪽이 올라가고 입꼬리가 내려감",
    "Brows pulled down and together, lips pressed": "눈썹을 모아 내리고 입술을 꾹 다묾",
    "Brows up, eyes wide, jaw dropped": "눈썹이 올라가고 눈이 커지며 입이 벌어짐",
    "One eye closed with a half smile": "한쪽 눈을 감고 살짝 미소",
    "A wide open smile, eyes narrowed": "입을 크게 벌리고 눈을 가늘게 뜬 웃음",
    "Lips puckered forward": "입술을 앞으로 내밈",
    "Eyes up to one side, one brow raised": "눈은 한쪽 위를 보고 한쪽 눈썹을 올림",
    "A soft smile with relaxed, half-closed eyes": "눈을 반쯤 감은 부드러운 미소",
    "Nose wrinkled, upper lip raised": "코를 찡그리고 윗입술을 올림", "Heavy eyelids, a slack mouth": "무거운 눈꺼풀, 느슨한 입",
    "Brows up and together, eyes wide, lips stretched": "눈썹을 모아 올리고 눈을 크게 뜨며 입술을 옆으로 당김",
    "A one-sided smile": "한쪽으로만 짓는 미소", "Mouth wide open, brows down": "입을 크게 벌리고 눈썹을 내림",
    "A playful grin with the tongue out": "혀를 내민 장난스러운 웃음", "Expression preset": "표정 프리셋",
    "A keyframe for this parameter at the playhead, with this value": "재생 위치에 이 값으로 이 항목의 키프레임을 추가합니다",
    "Delete the selected keyframe (click a dot to select it)": "선택한 키프레임을 지웁니다 (점을 눌러 선택)",
    "The parameter to keyframe; its keys show as dots on the motion row": "키프레임을 넣을 항목. 키는 동작 줄에 점으로 표시됩니다",
    "Drag a dot to move a key; Ctrl+C and Ctrl+V copy the keys and paste them at the playhead; Delete removes the selected key":
        "점을 끌어 키를 옮기세요. Ctrl+C와 Ctrl+V로 키를 복사해 재생 위치에 붙여 넣고, Delete로 선택한 키를 지웁니다",
    "Lip-sync to Audio File…": "오디오 파일에 입 모양 맞추기…", "Lip-sync to Audio File": "오디오 파일에 입 모양 맞추기",
    "Drive from Video File…": "동영상 파일로 움직이기…", "Drive from Video File": "동영상 파일로 움직이기",
    "The avatar mouths a recording, as it does a spoken line": "말하기처럼 녹음에 맞춰 입을 움직입니다",
    "A face video moves the avatar, as the webcam does": "웹캠처럼 얼굴 동영상이 아바타를 움직입니다",
    "Videos (*.mp4 *.webm *.mov *.avi *.mkv)": "동영상 (*.mp4 *.webm *.mov *.avi *.mkv)",
    "Preparing the lip-sync…": "입 모양을 준비하는 중…",
    "Ease in and out": "부드럽게", "Linear": "일정하게", "Hold": "멈춤",
    "How the selected key goes on to the next one": "선택한 키에서 다음 키로 넘어가는 방식",
    "preset": "프리셋", "move keyframe": "키프레임 옮기기", "What the export looks like, live": "내보낼 모습 미리보기 (실시간)", "paste keyframes": "키프레임 붙여 넣기",
    "add keyframe": "키프레임 추가", "delete keyframe": "키프레임 삭제", "change keyframe": "키프레임 변경",
}

# strings of the last rounds: Character tab, chat model settings, live outputs, batch, new from
# video, hotkeys, chat faces, the intake report in the status bar
KO.update({
    "Character": "캐릭터", "Character from my photo": "내 사진으로 만든 캐릭터",
    "Start from my photo": "내 사진에서 시작", "Custom…": "사용자 지정…", "photo": "사진", "drawn": "그림",
    "Photo's own expression": "사진 속 표정", "as photographed": "사진 그대로",
    "Chat model": "채팅 모델", "Chat model server": "채팅 모델 서버", "API key": "API 키",
    "An OpenAI-compatible server you run (Ollama, LM Studio, llama.cpp). Only this address is contacted.":
        "직접 실행하는 OpenAI 호환 서버 (Ollama, LM Studio, llama.cpp). 이 주소에만 연결합니다.",
    "none: the built-in responder (e.g. http://127.0.0.1:11434)": "비우면 내장 응답기 (예: http://127.0.0.1:11434)",
    "e.g. llama3.2": "예: llama3.2", "optional": "선택 사항",
    "Language model": "언어 모델", "Language model name": "언어 모델 이름", "Language model server URL": "언어 모델 서버 URL",
    "Language model settings: ": "언어 모델 설정: ", "Language model: ": "언어 모델: ",
    " — the built-in responder answered.": " — 내장 응답기가 답했습니다.", "Stopped.": "멈췄습니다.",
    "Stop the reply and the speech (Esc)": "답장과 말하기를 멈춥니다 (Esc)",
    "Serve for OBS": "OBS로 내보내기", "Virtual Camera": "가상 카메라",
    "Show the avatar at http://127.0.0.1:8765/ for an OBS browser source (docs/LIVE.md)":
        "OBS 브라우저 소스용으로 http://127.0.0.1:8765/ 에 아바타를 보여 줍니다 (docs/LIVE.md)",
    "Show the avatar as a camera in video calls": "화상 통화에서 아바타를 카메라로 보여 줍니다",
    "choose it in the call app": "통화 앱에서 선택하세요",
    "Batch Videos…": "동영상 일괄 만들기…", "Batch Videos": "동영상 일괄 만들기",
    "One video per row of a CSV or JSON Lines jobs file": "CSV 또는 JSON Lines 작업 파일의 한 줄마다 동영상 하나",
    "Jobs file": "작업 파일", "Output folder": "출력 폴더", "Workers": "작업자 수", "Run": "실행",
    "Jobs (*.csv *.jsonl)": "작업 (*.csv *.jsonl)",
    "Choose a jobs file and an output folder first.": "먼저 작업 파일과 출력 폴더를 고르세요.",
    "Cancelled; the finished videos are kept.": "취소했습니다. 끝난 동영상은 남겨 둡니다.",
    "{done} made, {skipped} already done, {failed} failed, {invalid} invalid; summary: {summary}":
        "{done}개 만듦, {skipped}개 이미 있음, {failed}개 실패, {invalid}개 잘못됨. 요약: {summary}",
    "New from Video…": "동영상으로 새로 만들기…", "New from Video": "동영상으로 새로 만들기",
    "Make a new avatar from the best frame of a person in a video": "동영상 속 인물의 가장 좋은 장면으로 새 아바타를 만듭니다",
    "Looking for faces in the video…": "동영상에서 얼굴을 찾는 중…",
    "Several people are in the clip; make the avatar of:": "여러 사람이 나옵니다. 아바타로 만들 사람:",
    "Videos (*.mp4 *.mov *.webm *.avi *.mkv *.m4v)": "동영상 (*.mp4 *.mov *.webm *.avi *.mkv *.m4v)",
    "Hotkeys…": "단축키…", "Hotkeys": "단축키", "Key": "키", "Mode": "방식", "Intensity": "강도",
    "Toggle": "켜고 끄기", "change hotkeys": "단축키 변경", "on": "켜짐", "off": "꺼짐",
    "talking": "말하는 입", "mute": "입 다물기",
    "Bind keys 1–9 to expressions, your own presets too": "1–9 키에 표정을 지정합니다 (내 프리셋도)",
    "Keys 1–9 show an expression in the preview while the window has the keyboard (not while you type in a text field).":
        "창이 키보드를 받고 있을 때 1–9 키로 미리보기에 표정을 보여 줍니다 (글자를 입력하는 중에는 아님).",
    "What the key shows: a built-in preset or one of your own": "키가 보여 줄 표정: 기본 프리셋이나 내 프리셋",
    "Toggle: press on, press again off. While held: on only while the key is down":
        "켜고 끄기: 누르면 켜지고 다시 누르면 꺼짐. 누르는 동안: 키를 누르고 있는 동안만 켜짐",
    "While held": "누르는 동안",
    "How strongly the expression shows": "표정이 얼마나 강하게 보일지",
    "Keys 1–9 back to the first nine built-in presets": "1–9 키를 처음 아홉 개의 기본 프리셋으로 되돌립니다",
    "Chat faces": "채팅 표정", "as it is": "그대로", "change chat faces": "채팅 표정 변경",
    "When the chat shows one of these faces, show the one you choose instead":
        "채팅이 이 표정을 지을 때 대신 고른 표정을 보여 줍니다",
    "photo: ": "사진: ", " — tip: ": " — 도움말: ", " and ": ", ",
    "face {px} px wide in {w}×{h}": "{w}×{h} 사진 속 얼굴 너비 {px} px", "facing the camera": "정면",
    "turned {deg}°": "{deg}° 돌아감", "tilted {deg}°": "{deg}° 기울어짐",
    "relaxed": "편안한 표정", "smiling": "웃는 얼굴", "laughing or talking (mouth open)": "크게 웃거나 말하는 중 (입 벌림)",
    "mouth open": "입 벌림", "frowning": "찡그림", "brows raised": "눈썹 올라감", "brows lowered": "눈썹 내려감",
    "eyes wide": "눈 크게 뜸", "eyes narrowed": "눈 가늘게 뜸",
    " (undone at rest; 'as photographed' keeps it)": " (쉴 때는 풀어 줌. '사진 그대로'로 두면 유지)",
    "even light": "고른 조명", "dim light": "어두운 조명", "harsh light": "강한 조명", "uneven light": "고르지 않은 조명",
    "black and white (kept)": "흑백 (유지)",
    "the face is small, so the avatar is enlarged and softer; a closer or larger photo looks sharper":
        "얼굴이 작아 확대했기 때문에 흐릿합니다. 더 가깝거나 큰 사진이 선명합니다",
    "a photo facing the camera turns and talks more naturally": "정면 사진이 더 자연스럽게 돌아보고 말합니다",
    "the light is dim; a photo in soft, even light looks best": "조명이 어둡습니다. 부드럽고 고른 조명의 사진이 가장 좋습니다",
    "the light is harsh; a photo in soft, even light looks best": "조명이 강합니다. 부드럽고 고른 조명의 사진이 가장 좋습니다",
    "the light is uneven; a photo in soft, even light looks best": "조명이 고르지 않습니다. 부드럽고 고른 조명의 사진이 가장 좋습니다",
})

# the drawn character's parts (Character tab) and the expression parameters' descriptions
KO.update({
    "Face": "얼굴", "Hair": "머리", "Eyes": "눈", "Make-up": "화장", "Accessories": "액세서리", "Clothing": "옷",
    "face shape": "얼굴형", "Face shape": "얼굴형", "skin tone": "피부색", "Skin tone": "피부색",
    "hairstyle": "머리 모양", "Hairstyle": "머리 모양", "hair colour": "머리 색", "Hair colour": "머리 색",
    "eye shape": "눈 모양", "Eye shape": "눈 모양", "eye colour": "눈동자 색", "Eye colour": "눈동자 색",
    "eyebrows": "눈썹", "Eyebrows": "눈썹", "nose": "코", "Nose": "코", "ears": "귀", "Ears": "귀",
    "mouth": "입", "Mouth": "입", "lip colour": "입술 색", "Lip colour": "입술 색",
    "facial hair": "수염", "Facial hair": "수염", "freckles": "주근깨", "Freckles": "주근깨",
    "blush": "블러셔", "make-up": "화장", "make-up colour": "화장 색", "Make-up colour": "화장 색",
    "glasses": "안경", "Glasses": "안경", "glasses colour": "안경 색", "Glasses colour": "안경 색",
    "hat": "모자", "Hat": "모자", "hat colour": "모자 색", "Hat colour": "모자 색",
    "earrings": "귀걸이", "Earrings": "귀걸이", "earring colour": "귀걸이 색", "Earring colour": "귀걸이 색",
    "top": "상의", "Top": "상의", "top colour": "상의 색", "Top colour": "상의 색", "build": "체형", "Build": "체형",
    "oval": "계란형", "round (face shape)": "둥근형", "square (face shape)": "각진형", "heart": "하트형",
    "long": "긴", "long (face shape)": "긴 얼굴형", "long (hairstyle)": "긴 머리", "diamond": "마름모형",
    "round (eye shape)": "동그란 눈", "round (nose)": "둥근 코", "natural (eyebrows)": "자연스러운",
    "full (mouth)": "도톰한 입",
    "bald": "대머리", "buzz": "아주 짧은 머리", "short": "짧은 머리", "side part": "옆 가르마", "quiff": "올린 앞머리",
    "curly": "곱슬머리", "afro": "아프로", "pixie": "픽시 컷", "bob": "단발", "wavy": "웨이브",
    "ponytail": "포니테일", "bun": "올림머리", "braids": "땋은 머리", "mohawk": "모히칸", "hime": "히메 컷",
    "almond": "아몬드형", "narrow": "가는", "hooded": "속쌍꺼풀", "big": "큰",
    "thin": "얇은", "thick": "두꺼운", "arched": "아치형", "straight": "일자",
    "button": "동그란 코", "small": "작은", "wide": "넓은", "pointed": "뾰족한", "normal": "보통",
    "large": "큰 귀", "medium": "보통 입",
    "stubble": "짧은 수염", "moustache": "콧수염", "goatee": "염소수염", "beard": "턱수염", "full beard": "덥수룩한 수염",
    "eyeliner": "아이라이너", "eyeshadow": "아이섀도", "lipstick": "립스틱", "glam": "화려한 화장",
    "cat eye": "캣아이", "aviator": "보잉", "sunglasses": "선글라스",
    "beanie": "비니", "cap": "야구모자", "bucket": "버킷햇", "beret": "베레모", "party": "파티 모자", "headband": "머리띠",
    "hoops": "링 귀걸이", "drops": "드롭 귀걸이",
    "tshirt": "티셔츠", "vneck": "브이넥", "hoodie": "후드티", "collar shirt": "셔츠", "turtleneck": "터틀넥",
    "tank": "민소매", "blazer": "블레이저", "slim": "마른", "average": "보통 체형", "broad": "넓은 어깨",
    "In the project file: ": "프로젝트 파일의 항목: ",
    "jaw drops; chin and lower lip follow": "턱이 내려가고 턱끝과 아랫입술이 따라갑니다",
    "lips pressed together (bilabials m, b, p) even with the jaw open": "턱이 벌어져도 입술을 붙입니다 (ㅁ, ㅂ, ㅍ 소리)",
    "left mouth corner up and out": "왼쪽 입꼬리를 위와 바깥으로", "right mouth corner up and out": "오른쪽 입꼬리를 위와 바깥으로",
    "left mouth corner down": "왼쪽 입꼬리를 아래로", "right mouth corner down": "오른쪽 입꼬리를 아래로",
    "lips rounded and open (o, u)": "입술을 둥글게 벌립니다 (오, 우)",
    "lips rounded and pushed forward, closed (w, kiss)": "입술을 둥글게 모아 앞으로 내밉니다 (뽀뽀)",
    "left corner pulled sideways (ee, fear)": "왼쪽 입꼬리를 옆으로 당깁니다 (이, 두려움)",
    "right corner pulled sideways": "오른쪽 입꼬리를 옆으로 당깁니다",
    "upper lip raised (f, v show the teeth; disgust)": "윗입술을 올립니다 (f, v 소리에 이가 보임, 혐오)",
    "lower lip lowered away from the teeth": "아랫입술을 이에서 떼어 내립니다",
    "tongue visible between the teeth (th, l)": "이 사이로 혀가 보입니다 (th, l 소리)",
    "left lid closed": "왼쪽 눈꺼풀을 감습니다", "right lid closed": "오른쪽 눈꺼풀을 감습니다",
    "left eye opened wide": "왼쪽 눈을 크게 뜹니다", "right eye opened wide": "오른쪽 눈을 크게 뜹니다",
    "left lower lid raised": "왼쪽 아래 눈꺼풀을 올립니다", "right lower lid raised": "오른쪽 아래 눈꺼풀을 올립니다",
    "inner brows raised (worry, surprise)": "눈썹 안쪽을 올립니다 (걱정, 놀람)",
    "outer left brow raised": "왼쪽 눈썹 바깥쪽을 올립니다", "outer right brow raised": "오른쪽 눈썹 바깥쪽을 올립니다",
    "left brow lowered (anger, focus)": "왼쪽 눈썹을 내립니다 (화남, 집중)", "right brow lowered": "오른쪽 눈썹을 내립니다",
    "cheeks puffed out": "볼을 부풀립니다",
    "irises towards the subject's left (+) or right (-)": "눈동자를 본인의 왼쪽(+) 또는 오른쪽(-)으로",
    "irises up (+) or down (-)": "눈동자를 위(+) 또는 아래(-)로",
    "degrees; turn towards the subject's left (+)": "각도. 본인의 왼쪽으로 돌림 (+)",
    "degrees; chin up (+)": "각도. 턱을 듦 (+)",
    "degrees; head tilted towards the subject's left shoulder (+)": "각도. 본인의 왼쪽 어깨 쪽으로 기울임 (+)",
    # the status bar's accelerator and warp reasons (studio/ui/intake_text.py, reason_text)
    "no accelerator available; running on the CPU ({0})": "가속기가 없어 CPU로 실행합니다 ({0})",
    "install onnxruntime-gpu (extra 'cuda') with an NVIDIA GPU for acceleration":
        "NVIDIA GPU가 있으면 onnxruntime-gpu ('cuda' 추가 기능)를 설치해 가속하세요",
    "install onnxruntime-directml for GPU acceleration": "GPU 가속을 쓰려면 onnxruntime-directml을 설치하세요",
    "this onnxruntime build has no CoreML provider": "이 onnxruntime에는 CoreML 실행 공급자가 없습니다",
    "{0} is the best accelerator available": "사용할 수 있는 가장 좋은 가속기는 {0}입니다",
    "{0} chosen as requested": "요청대로 {0}을(를) 씁니다", "ONNX on {0} (the accelerator)": "{0}에서 ONNX (가속기)",
    "OpenCV (the accelerator preference is the CPU)": "OpenCV (가속기 설정이 CPU입니다)",
    "OpenCV (no GPU build of ONNX Runtime is installed, and on the CPU OpenCV is the faster warp)":
        "OpenCV (GPU용 ONNX Runtime이 설치되지 않았고, CPU에서는 OpenCV 변형이 더 빠릅니다)",
    # the speech engine's warnings (studio/ui/intake_text.py, reason_text) and its language names
    "parts in other scripts were read with the voice for {0}": "다른 문자로 된 부분은 {0} 목소리로 읽었습니다",
    "eSpeak's Japanese voice reads kana only: kanji were read with the Mandarin voice — write them in kana for Japanese readings":
        "eSpeak의 일본어 목소리는 가나만 읽습니다. 한자는 중국어 목소리로 읽었으니 일본어로 읽으려면 가나로 쓰세요",
    "English": "영어", "English (US)": "영어 (미국)", "Korean": "한국어", "Spanish": "스페인어", "Japanese": "일본어",
    "Chinese (Mandarin)": "중국어 (북경어)", "French": "프랑스어", "German": "독일어",
    # the speech gestures' kinds on the timeline (studio/ui/gesture_strip.py)
    "wave": "손 흔들기", "self": "자기 가리키기", "other": "상대 가리키기", "beat": "박자",
    "big": "크게", "negate": "부정", "think": "생각",
    "person {n}: {faces} faces, best at {time} s (score {score})":
        "{n}번째 사람: 얼굴 {faces}번, 가장 좋은 장면 {time}초 (점수 {score})",
})

_TR = re.compile(r'''(?:\btr\(|_label\([^,()]+,\s*|_add_dock\([^,()]+,\s*"[^"]*",\s*|_action\(|title = )\s*"((?:[^"\\]|\\.)*)"(?:\s*\n?\s*"((?:[^"\\]|\\.)*)")?''')
_TIP = re.compile(r'''_action\("[^"]*",[^\n]*?,\s*(?:None|"[^"]*"|S\.\w+),\s*\n?\s*"((?:[^"\\]|\\.)*)"(?:\s*\n?\s*"((?:[^"\\]|\\.)*)")?''')
_CONST = re.compile(r'''^[A-Z_]+_FILTER = "([^"]*)"''', re.M)


def ui_sources() -> set[str]:
    out: set[str] = set()
    for path in UI.rglob("*.py"):
        text = path.read_text("utf-8")
        for m in _TR.finditer(text):
            out.add(m.group(1) + (m.group(2) or ""))
        out.update(m.group(1) + (m.group(2) or "") for m in _TIP.finditer(text))
        out.update(m.group(1) for m in _CONST.finditer(text))
    return {s for s in out if s}


def model_sources() -> set[str]:
    sys.path.insert(0, str(UI.parent.parent))
    from studio.profile import model
    out: set[str] = set()
    for cls in (model.ExternalStatic, model.ExternalDynamic, model.Internal, model.Personality,
                model.Privacy, model.VoiceProfile):
        for f in dataclasses.fields(cls):
            md = f.metadata
            if md.get("label"):
                out.add(md["label"][:1].upper() + md["label"][1:])
            if md.get("unit"):
                out.add(md["unit"])
            out.update(md.get("options", ()))
    for modname, attr in (("studio.rig.presets", "PRESETS"), ("studio.export.motions", "STICKER_NAMES"),
                          ("studio.settings", "ACCELERATORS"), ("studio.settings", "THEMES"),
                          ("studio.export.framing", "FRAMINGS")):
        try:
            mod = __import__(modname, fromlist=[attr])
            out.update(getattr(mod, attr))
        except ImportError:
            pass
    out |= character_sources()
    from studio.params import SPEC                      # the pose sliders' tooltips
    out.update(spec.doc for spec in SPEC.values())
    return out


def character_sources() -> set[str]:
    """The Character tab's groups, part labels and choices, as the tab shows them."""
    from studio.drawn import character as C
    cap = lambda t: t[:1].upper() + t[1:]          # noqa: E731
    out = {cap(c) for c in C.CATEGORIES}
    for part in C.PARTS:
        out |= {part.label, cap(part.label)}
        if part.kind == "choice":
            out.update(o.replace("_", " ") for o in part.options)
    return out


def write_ts(path: Path, language: str, table: dict[str, str], sources: set[str]) -> tuple[int, int]:
    root = ET.Element("TS", version="2.1", language=language)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = "studio"
    done = 0
    for source in sorted(sources):
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = source
        tr = ET.SubElement(msg, "translation")
        if source in table:
            tr.text = table[source]
            done += 1
        else:
            tr.set("type", "unfinished")
    ET.indent(root)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                    + ET.tostring(root, encoding="unicode") + "\n", "utf-8")
    return done, len(sources)


def main() -> int:
    # KO's keys count as sources too: some strings reach tr() through variables (form titles)
    sources = {s for s in ui_sources() | model_sources() | set(KO) if re.search(r"\w", s)}
    ts = HERE / "studio_ko.ts"
    done, total = write_ts(ts, "ko_KR", KO, sources)
    print(f"{ts.name}: {done}/{total} translated")
    missing = sorted(s for s in sources if s not in KO)
    if missing:
        print("untranslated:", ", ".join(missing))
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    if Path(lrelease).exists():
        subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
